package io.github.mcpoauth.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Locale;

/**
 * The benchmark's entry point; run it with {@code scripts/bench}, which installs Node 22, the MCP
 * TypeScript SDK and the MCP conformance CLI, builds the test classes and passes the paths. Starts
 * the conformance scenario server, runs the chosen sections in a fixed order (flows, calls, memory,
 * restore: the heaviest last) and stops every child process whatever happens.
 */
public final class Bench {

    /** Held so the level sticks: Hibernate's start-up INFO lines (JUL) would bury the report. */
    private static final java.util.logging.Logger HIBERNATE = java.util.logging.Logger.getLogger("org.hibernate");

    private Bench() {
    }

    /** The system load average over the last minute: the machine may be shared, and that shows in the figures. */
    private static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "load average unknown" : String.format(Locale.ROOT, "load average %.1f", load);
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        HIBERNATE.setLevel(java.util.logging.Level.WARNING);
        Files.createDirectories(options.out());
        Report report = new Report(options.out());
        report.note("mcp-oauth-filter benchmark, " + Instant.now() + ", Java " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs, max heap "
                + Runtime.getRuntime().maxMemory() / 1048576 + " MiB, " + loadAverage());
        int status = 0;
        try (ConformanceTarget target = ConformanceTarget.start(options)) {
            report.note("target: " + ConformanceTarget.SCENARIO + " of @modelcontextprotocol/conformance at "
                    + target.mcpUrl());
            if (options.sections().contains("flows")) {
                FlowSection.run(options, target, report);
            }
            if (options.sections().contains("calls")) {
                CallSection.run(options, target, report);
            }
            if (options.sections().contains("memory")) {
                MemorySection.run(options, target, report);
            }
            if (options.sections().contains("restore")) {
                RestoreSection.run(options, target, report);
            }
        } catch (Exception | Error e) {
            System.err.println("bench: " + e);
            e.printStackTrace();
            status = 1;
        }
        report.note("finished, " + loadAverage() + "; report: " + options.out().resolve("report.md"));
        System.exit(status);
    }
}
