package io.github.mcpoauth.bench;

import io.github.mcpoauth.client.McpClientService;
import io.github.mcpoauth.store.InMemoryMcpStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * (a) Complete OAuth flows per second, ours and the TypeScript SDK client's, against the same
 * conformance server, each flow ending with its session closed, in alternating turns (who goes
 * first alternates too) after a warm-up batch each ({@code --warmup-flows}), whose rate is reported
 * too. A turn is a whole round's flows unless {@code --flow-turn} makes it shorter: shorter turns
 * spread the machine's drift over both clients, but let each client's work after its turn (garbage
 * collection, compilation) fall on the other's.
 * Requests per flow are counted at the server and include the browser's authorize GET. CPU per
 * flow is each whole process's CPU time during its batches: the JVM's includes the harness's
 * browser, the JIT compiler and the garbage collector, which is what the JVM spends while it warms
 * up.
 */
final class FlowSection {

    private FlowSection() {
    }

    static void run(BenchOptions options, ConformanceTarget target, Report report) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int n = options.flowsPerRound();
        int turn = Math.max(1, Math.min(options.flowTurn(), n));
        List<Double> oursMs = new ArrayList<>();
        List<Double> tsMs = new ArrayList<>();
        long oursRequests = 0;
        long tsRequests = 0;
        long oursThreads = 0;
        double oursCpu = 0;
        double tsCpu = 0;
        List<Double> roundRatios = new ArrayList<>();
        FlowBatch oursWarmUp;
        FlowBatch tsWarmUp;
        try (McpClientService service = JavaFlows.service(new InMemoryMcpStore());
                TsFlows ts = new TsFlows(options, target.mcpUrl())) {
            JavaFlows ours = new JavaFlows(service, target.mcpUrl());
            oursWarmUp = ours.flows(options.warmupFlows());
            tsWarmUp = ts.flows(options.warmupFlows());
            for (int round = 0; round < options.rounds(); round++) {
                List<Double> oursRound = new ArrayList<>();
                List<Double> tsRound = new ArrayList<>();
                for (int done = 0, turns = 0; done < n; done += turn, turns++) {
                    int size = Math.min(turn, n - done);
                    for (int side = 0; side < 2; side++) {
                        boolean oursNow = (round + turns + side) % 2 == 0;
                        long requests = target.requests();
                        long started = threads.getTotalStartedThreadCount();
                        if (oursNow) {
                            FlowBatch batch = ours.flows(size);
                            oursRequests += target.requests() - requests;
                            oursThreads += threads.getTotalStartedThreadCount() - started;
                            oursRound.addAll(batch.ms());
                            oursCpu += batch.cpuMs();
                        } else {
                            FlowBatch batch = ts.flows(size);
                            tsRequests += target.requests() - requests;
                            tsRound.addAll(batch.ms());
                            tsCpu += batch.cpuMs();
                        }
                    }
                }
                oursMs.addAll(oursRound);
                tsMs.addAll(tsRound);
                roundRatios.add(Stats.of(oursRound).perSecond() / Stats.of(tsRound).perSecond());
            }
        }
        Stats o = Stats.of(oursMs);
        Stats t = Stats.of(tsMs);
        report.heading("(a) Complete OAuth flows, " + o.count() + " each after " + options.warmupFlows()
                + " to warm up, against the conformance suite's " + ConformanceTarget.SCENARIO
                + " server (reference: MCP TypeScript SDK client)");
        report.row("flows per second", Report.f(o.perSecond()), Report.f(t.perSecond()),
                Report.ratio(o.perSecond(), t.perSecond()), "≥ 1.5×");
        report.row("flows per second, ratio per round: median (min–max)", "", "", Stats.spread(roundRatios), "≥ 1.5×");
        report.row("flow p50 (ms)", Report.f(o.p50()), Report.f(t.p50()), Report.ratio(o.p50(), t.p50()), "");
        report.row("flow p99 (ms)", Report.f(o.p99()), Report.f(t.p99()), Report.ratio(o.p99(), t.p99()), "");
        report.row("HTTP requests per flow (at the server, incl. the authorize GET)",
                Report.f((double) oursRequests / o.count()), Report.f((double) tsRequests / t.count()), "",
                "≤ 11 (ours)");
        report.row("CPU per flow (ms, the whole process)", Report.f(oursCpu / o.count()), Report.f(tsCpu / t.count()),
                Report.ratio(oursCpu / o.count(), tsCpu / t.count()), "");
        warmUpRows(report, oursWarmUp, tsWarmUp);
        report.row("threads started per flow (JVM)", Report.f((double) oursThreads / o.count()), "n/a", "", "");
    }

    /**
     * The warm-up batches, each the first flows of its client after start (ours first, so the
     * TypeScript client's meets a server already warmed by ours): the rate while the JIT compilers
     * are still at work, beside the measured rounds' rate.
     */
    private static void warmUpRows(Report report, FlowBatch ours, FlowBatch ts) throws IOException {
        Stats o = Stats.of(ours.ms());
        Stats t = Stats.of(ts.ms());
        if (o.count() == 0 || t.count() == 0) {
            return;
        }
        report.row("flows per second during the warm-up (the first " + o.count() + " of each client)",
                Report.f(o.perSecond()), Report.f(t.perSecond()), Report.ratio(o.perSecond(), t.perSecond()), "");
        double oursCpu = ours.cpuMs() / o.count();
        double tsCpu = ts.cpuMs() / t.count();
        report.row("CPU per flow during the warm-up (ms, the whole process)", Report.f(oursCpu), Report.f(tsCpu),
                Report.ratio(oursCpu, tsCpu), "");
    }
}
