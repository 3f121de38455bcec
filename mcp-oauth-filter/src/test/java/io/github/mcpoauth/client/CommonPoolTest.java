package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Nothing of the module runs on {@code ForkJoinPool.commonPool()} (or on {@code CompletableFuture}'s
 * thread-per-task stand-in for it): {@link CommonPoolProbe} runs complete OAuth flows, tool calls
 * and a restart in a fresh JVM and reports every thread started for that executor on the module's
 * behalf. The canary run proves the check sees a stray {@code supplyAsync} without an executor.
 */
class CommonPoolTest {

    @Test
    void completeFlowsToolCallsAndARestartSendNothingToTheCommonPool() throws Exception {
        String out = probe();
        out.lines().filter(l -> l.startsWith("JDK-HTTP-HOPS") || l.startsWith("MODULE-STARTS"))
                .forEach(l -> System.out.println("CommonPoolTest: " + l));
        assertTrue(out.contains("MODULE-STARTS 0"), out);
        assertTrue(out.contains("JDK-HTTP-HOPS "), out);
    }

    @Test
    void theCheckSeesAStrayAsyncTaskWithoutAnExecutor() throws Exception {
        String out = probe("canary");
        assertTrue(out.contains("DEFAULT-EXECUTOR started by io.github.mcpoauth.client.CommonPoolProbe.flows"), out);
        assertTrue(!out.contains("MODULE-STARTS 0"), out);
    }

    private static String probe(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.util.concurrent.ForkJoinPool.common.parallelism=1",
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), CommonPoolProbe.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output;
        try {
            // read while it runs (a full pipe would stall it); the wait below bounds the run
            OutputReader reader = new OutputReader(process);
            reader.start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                throw new AssertionError("the probe did not finish within 180 s");
            }
            reader.join(10_000);
            output = reader.bytes();
        } finally {
            process.destroyForcibly();
        }
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), text);
        return text;
    }

    /** Drains the probe's output on a thread of the test's own. */
    private static final class OutputReader extends Thread {
        private final Process process;
        private volatile byte[] bytes = new byte[0];

        OutputReader(Process process) {
            super("common-pool-probe-output");
            this.process = process;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                bytes = process.getInputStream().readAllBytes();
            } catch (IOException e) {
                bytes = ("cannot read the probe's output: " + e).getBytes(StandardCharsets.UTF_8);
            }
        }

        byte[] bytes() {
            return bytes;
        }
    }
}
