package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.ChildJvm;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Nothing of the module runs on {@code ForkJoinPool.commonPool()} (or on {@code CompletableFuture}'s
 * thread-per-task stand-in for it), and neither does the JDK HTTP client's last hop for the
 * module's answered requests (a new thread per response there, see {@code RelayedExchange}; only
 * an exchange that ends before its head still takes it):
 * {@link CommonPoolProbe} runs complete OAuth flows, tool calls and a restart in a fresh JVM and
 * reports every thread started for that executor on the module's behalf, the JDK client's apart.
 * The canary run proves the check sees a stray {@code supplyAsync} without an executor.
 */
class CommonPoolTest {

    @Test
    void completeFlowsToolCallsAndARestartSendNothingToTheCommonPoolNotEvenTheJdksHop() throws Exception {
        String out = probe();
        out.lines().filter(l -> l.startsWith("JDK-HTTP-HOPS") || l.startsWith("MODULE-STARTS"))
                .forEach(l -> System.out.println("CommonPoolTest: " + l));
        assertTrue(out.lines().anyMatch("MODULE-STARTS 0"::equals), out);
        assertTrue(out.lines().anyMatch("JDK-HTTP-HOPS 0"::equals), out);
    }

    @Test
    void theCheckSeesAStrayAsyncTaskWithoutAnExecutor() throws Exception {
        String out = probe("canary");
        assertTrue(out.contains("DEFAULT-EXECUTOR started by io.github.mcpoauth.client.CommonPoolProbe.flows"), out);
        assertTrue(!out.contains("MODULE-STARTS 0"), out);
    }

    private static String probe(String... args) throws IOException, InterruptedException {
        return ChildJvm.run(CommonPoolProbe.class, List.of("-Djava.util.concurrent.ForkJoinPool.common.parallelism=1"),
                List.of(args), 180);
    }
}
