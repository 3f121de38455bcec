package io.github.mcpoauth.bench;

import io.github.mcpoauth.client.McpClientService;
import io.github.mcpoauth.store.InMemoryMcpStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;

/**
 * (d) Heap per ready connection: heap used after GC with N stored owners loaded and ready, minus the
 * same service and store before any owner was seen, divided by the ready count.
 */
final class MemorySection {

    private MemorySection() {
    }

    static void run(BenchOptions options, ConformanceTarget target, Report report) throws Exception {
        InMemoryMcpStore store = new InMemoryMcpStore();
        List<String> owners = StoredOwners.populate(store, "memory-owner-", options.memoryConnections(),
                target.mcpUrl());
        try (McpClientService service = JavaFlows.service(store)) {
            long before = heapAfterGc();
            owners.forEach(service::manager);
            StoredOwners.Tally tally = StoredOwners.await(service, owners, options.restoreTimeout());
            long after = heapAfterGc();
            report.heading("(d) Memory per ready connection, " + owners.size() + " stored servers loaded");
            report.row("ready / failed / not settled", tally.ready() + " / " + tally.failed() + " / " + tally.other(),
                    "", "", "all ready");
            if (tally.failed() > 0) {
                report.row("most frequent errors of failed servers", tally.topErrors(3), "", "", "");
            }
            report.row("heap after GC: before → after (MiB)", Report.f(before / 1048576.0) + " → "
                    + Report.f(after / 1048576.0), "", "", "");
            report.row("heap per ready connection (KiB)",
                    tally.ready() == 0 ? "n/a" : Report.f((after - before) / 1024.0 / tally.ready()), "", "", "");
        }
    }

    static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
