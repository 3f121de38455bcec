package io.github.mcpoauth.bench;

import io.github.mcpoauth.client.McpClientService;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.testsupport.JdkSelectorThreads;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * (c) Restore after a restart ({@code --store memory} or {@code jpa}): service start (the store
 * opened, {@code build()} and {@code restore()} returned, and a new owner's first request answered)
 * with N stored servers next to an empty store, 41 of each, alternating (and who goes first),
 * after five of each to warm up; then a service starts on the N servers, all N owners return at
 * once (each {@code manager(owner)}, as their first request would) and every server must end
 * ready. Reports the time until all settled, the peak thread counts and resident set, and the
 * WARN/ERROR lines and stack-trace lines the module logged meanwhile.
 */
final class RestoreSection {

    /** An owner with nothing stored, whose first request shows whether start-up work is still going on. */
    private static final String NEWCOMER = "restore-newcomer";
    private static final int STARTS = 41;
    private static final int WARM_UP_STARTS = 5;

    private RestoreSection() {
    }

    static void run(BenchOptions options, ConformanceTarget target, Report report) throws Exception {
        BenchStores emptyStore = BenchStores.fresh(options.store(), options.out(), "empty");
        BenchStores fullStore = BenchStores.fresh(options.store(), options.out(), "full");
        List<String> owners;
        try (McpStore store = fullStore.open()) {
            owners = StoredOwners.populate(store, "restore-owner-", options.restoreServers(), target.mcpUrl());
        }
        // alternating, so drift on a shared machine hits both; the first pairs only warm up
        for (int i = 0; i < WARM_UP_STARTS; i++) {
            startOnce(emptyStore);
            startOnce(fullStore);
        }
        double[][] empty = new double[2][STARTS];
        double[][] full = new double[2][STARTS];
        for (int i = 0; i < STARTS; i++) {
            // who goes first alternates too: a start right after another's close is not the same
            boolean emptyFirst = i % 2 == 0;
            double[] first = startOnce(emptyFirst ? emptyStore : fullStore);
            double[] second = startOnce(emptyFirst ? fullStore : emptyStore);
            double[] e = emptyFirst ? first : second;
            double[] f = emptyFirst ? second : first;
            for (int k = 0; k < 2; k++) {
                empty[k][i] = e[k];
                full[k][i] = f[k];
            }
        }
        awaitClosedClientsCollected();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int threadsBefore = threads.getThreadCount();
        threads.resetPeakThreadCount();
        LogCount logBefore = LogCount.now();
        StoredOwners.Tally tally;
        double returnedMs;
        double settledMs;
        long osThreads;
        long start = System.nanoTime();
        try (ProcessSampler sampler = new ProcessSampler();
                McpStore store = fullStore.open();
                McpClientService service = JavaFlows.service(store)) {
            service.restore();
            owners.forEach(service::manager);
            returnedMs = (System.nanoTime() - start) / 1e6;
            tally = StoredOwners.await(service, owners, options.restoreTimeout());
            settledMs = (System.nanoTime() - start) / 1e6;
            osThreads = sampler.peakThreads();
        }
        int peak = threads.getPeakThreadCount();
        LogCount logged = LogCount.now().minus(logBefore);
        report.heading("(c) Restore of " + owners.size() + " stored servers, " + fullStore.describe()
                + " (reference: empty store)");
        double startMs = median(full[0]);
        double emptyMs = median(empty[0]);
        double answerMs = median(full[1]);
        double emptyAnswerMs = median(empty[1]);
        report.row("service start: store opened, build() + restore() (ms, median of " + STARTS + ")",
                Report.f(startMs), Report.f(emptyMs), Report.ratio(startMs, emptyMs), "≤ 1.2×");
        report.row("first request answered (a new owner's getMcpServers, ms after start, median of " + STARTS + ")",
                Report.f(answerMs), Report.f(emptyAnswerMs), Report.ratio(answerMs, emptyAnswerMs), "≤ 1.2×");
        report.row("all " + owners.size() + " owners returned, manager(owner) each (ms after start)",
                Report.f(returnedMs), "", "", "");
        report.row("ready / failed / not settled", tally.ready() + " / " + tally.failed() + " / " + tally.other(),
                "", "", "all ready, 0 failed");
        if (tally.failed() > 0) {
            report.row("most frequent errors of failed servers", tally.topErrors(3), "", "", "");
        }
        report.row(tally.settled() ? "time until all settled (s)" : "gave up after (s)",
                Report.f(settledMs / 1000), "", "", "");
        report.row("peak Java threads, ThreadMXBean (before: " + threadsBefore + ")", Integer.toString(peak), "", "",
                "≤ 200");
        report.row("peak OS threads of the JVM (GC, JIT included; /proc)", Long.toString(osThreads), "", "", "");
        report.row("peak resident set size of the JVM so far (MiB)", Long.toString(ProcessSampler.peakResidentMiB()),
                "", "", "");
        report.row("WARN/ERROR lines / stack-trace lines logged", logged.warnings() + " / " + logged.frames(),
                "", "", "");
    }

    /** Opens the store, starts a service on it and asks for a new owner's servers; answers both times in ms. */
    private static double[] startOnce(BenchStores stores) throws Exception {
        long start = System.nanoTime();
        try (McpStore store = stores.open(); McpClientService service = JavaFlows.service(store)) {
            service.restore();
            double started = (System.nanoTime() - start) / 1e6;
            service.manager(NEWCOMER).getMcpServers();
            return new double[] {started, (System.nanoTime() - start) / 1e6};
        }
    }

    /**
     * On Java 17 the selector thread of a closed service's JDK client ends only once that client is
     * collected: collects, and waits (ten seconds at most) until the starts' selector threads are
     * gone, so that the peak counts the restore's threads and not theirs.
     */
    private static void awaitClosedClientsCollected() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (JdkSelectorThreads.count() > 0 && System.nanoTime() - deadline < 0) {
            System.gc();
            Thread.sleep(200);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Lines in the harness's log file (slf4j-simple's {@code logFile}), so far. */
    record LogCount(long warnings, long frames) {

        static LogCount now() throws IOException {
            String file = System.getProperty("org.slf4j.simpleLogger.logFile");
            if (file == null || !Files.isRegularFile(Path.of(file))) {
                return new LogCount(0, 0);
            }
            long warnings = 0;
            long frames = 0;
            try (Stream<String> lines = Files.lines(Path.of(file))) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.contains(" WARN ") || line.contains(" ERROR ")) {
                        warnings++;
                    } else if (line.startsWith("\tat ")) {
                        frames++;
                    }
                }
            }
            return new LogCount(warnings, frames);
        }

        LogCount minus(LogCount earlier) {
            return new LogCount(warnings - earlier.warnings, frames - earlier.frames);
        }
    }
}
