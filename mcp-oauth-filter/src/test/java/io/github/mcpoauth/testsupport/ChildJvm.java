package io.github.mcpoauth.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a probe's {@code main} in a JVM of its own (with the test's class path and the given JVM
 * options), for checks that need a JVM-wide setting such as the common pool's parallelism; answers
 * its output once it exited with 0, within a bounded wait.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    public static String run(Class<?> main, List<String> jvmOptions, List<String> args, long timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output;
        try {
            // read while it runs (a full pipe would stall it); the wait below bounds the run
            OutputReader reader = new OutputReader(process);
            reader.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError(main.getSimpleName() + " did not finish within " + timeoutSeconds + " s");
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
            super("child-jvm-output");
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
