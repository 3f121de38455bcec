package io.github.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the browser client's unit tests ({@code src/test/js}: the client and its elicitation forms;
 * Node's built-in test runner, no packages) as part of the Maven build. The dashboard's browser test runs the same script in Chromium.
 */
class BrowserClientScriptTest {

    private static final List<String> TESTS = List.of(Path.of("src", "test", "js", "mcp-oauth.test.mjs").toString(),
            Path.of("src", "test", "js", "mcp-elicitation.test.mjs").toString());

    @Test
    void theBrowserClientPassesItsNodeUnitTests() throws Exception {
        Optional<Path> node = node();
        Assumptions.assumeTrue(node.isPresent(),
                "Node.js 20+ is not on the PATH: the browser client's unit tests need it (CI has it)");
        Path log = Files.createDirectories(Path.of("target")).resolve("node-test.log");
        List<String> command = new ArrayList<>(List.of(node.get().toString(), "--test"));
        command.addAll(TESTS);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, "node --test did not finish in 60 s:\n" + output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("# fail 0") && !output.contains("# pass 0"), output);
    }

    private static Optional<Path> node() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        try (Stream<String> dirs = Stream.of(path.split(File.pathSeparator))) {
            return dirs.map(dir -> Path.of(dir, "node")).filter(Files::isExecutable).findFirst();
        }
    }
}
