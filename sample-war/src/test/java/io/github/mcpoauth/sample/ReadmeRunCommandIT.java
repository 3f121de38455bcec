package io.github.mcpoauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The README's 5-minute start works as written: the command in the fenced {@code sh} block right
 * after {@code <!-- sample-run-command -->}, run with {@code bash -c} in a fresh copy of the
 * repository's tracked files with only {@code PORT} set (the README documents it), builds the
 * modules and serves the sample: the dashboard, the browser client and the demo authorization
 * server answer, and the data lands in the sample's own {@code ./mcp-oauth-data/ROOT} (it runs at the
 * context root) as the README says.
 *
 * <p>The command's output is in {@code target/readme-run/command.log}; a failure shows its tail.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs the README's sh block with bash")
class ReadmeRunCommandIT {

    static final String MARKER = "<!-- sample-run-command -->";
    /** The nested build compiles three modules (with their tests) before it serves anything; CI has two cores. */
    private static final Duration SERVE_TIMEOUT = Duration.ofMinutes(6);
    private static final Set<String> NOT_SOURCES = Set.of("target", ".git", ".conformance", "mcp-oauth-data");

    @Test
    @Timeout(value = 9, unit = TimeUnit.MINUTES)
    void theReadmeCommandBuildsAndServesTheSampleFromAFreshCopy() throws Exception {
        Path root = TestFiles.existingDir("sample.repo.root");
        String command = runCommand(Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8));

        Path work = TestFiles.freshDir(TestFiles.targetDir().resolve("readme-run"));
        Path copy = Files.createTempDirectory("readme-run-");
        try {
            int copied = copySources(root, copy);
            assertTrue(Files.isRegularFile(copy.resolve("pom.xml")), "the copy has no pom.xml (" + copied + " files)");

            int port = ChildProcess.freePort();
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(copy.toFile());
            // set by the mvn launcher of the build that runs this test; a user's shell has neither
            builder.environment().remove("MAVEN_PROJECTBASEDIR");
            builder.environment().remove("MAVEN_CMD_LINE_ARGS");
            builder.environment().put("PORT", Integer.toString(port));
            String origin = "http://localhost:" + port;
            SampleClient client = new SampleClient(origin);

            ChildProcess run = ChildProcess.start("README command `" + command + "`", builder, work.resolve("command.log"));
            try {
                HttpResponse<String> dashboard = awaitServed(run, client, origin + "/");
                assertTrue(dashboard.body().contains("<title>mcp-oauth-filter sample</title>"),
                        "not the dashboard at " + origin + "/: " + dashboard.body() + "\n" + run.logTail(40));

                HttpResponse<String> script = client.get(origin + "/mcp-client/mcp-oauth.js");
                assertEquals(200, script.statusCode(), "mcp-oauth.js\n" + run.logTail(40));
                assertTrue(script.body().contains("createMcpClient"), "mcp-oauth.js is the browser client");
                HttpResponse<String> metadata = client.get(origin + "/demo/oauth/.well-known/openid-configuration");
                assertEquals(200, metadata.statusCode(), "the demo authorization server's metadata\n" + run.logTail(40));
                assertEquals(origin + "/demo/oauth", SampleClient.json(metadata).get("issuer"), metadata.body());
            } finally {
                run.close();
            }

            Path data = copy.resolve("mcp-oauth-data/ROOT");
            assertTrue(Files.isDirectory(data) && Files.isRegularFile(data.resolve("mcp-oauth.mv.db")),
                    "the README says the data lives in ./mcp-oauth-data/ROOT; no database there in the copy " + copy
                            + "\n" + run.logTail(40));
        } finally {
            try {
                TestFiles.deleteTree(copy);
            } catch (IOException | UncheckedIOException e) {
                System.err.println("could not delete " + copy + ": " + e);
            }
        }
    }

    /** The one command line of the {@code sh} block that follows {@link #MARKER}. */
    static String runCommand(String readme) {
        List<String> lines = readme.lines().toList();
        int marker = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(MARKER)) {
                if (marker >= 0) {
                    fail("README.md has " + MARKER + " more than once");
                }
                marker = i;
            }
        }
        if (marker < 0) {
            fail("README.md has no line " + MARKER + " before the sample's run command");
        }
        int open = marker + 1;
        while (open < lines.size() && lines.get(open).isBlank()) {
            open++;
        }
        if (open >= lines.size() || !lines.get(open).trim().equals("```sh")) {
            fail("README.md: " + MARKER + " must be followed by a fenced ```sh block; found: "
                    + (open < lines.size() ? lines.get(open) : "the end of the file"));
        }
        List<String> block = new ArrayList<>();
        int close = open + 1;
        while (close < lines.size() && !lines.get(close).trim().equals("```")) {
            block.add(lines.get(close));
            close++;
        }
        if (close >= lines.size()) {
            fail("README.md: the ```sh block after " + MARKER + " is not closed");
        }
        List<String> commands = block.stream().filter(line -> !line.isBlank()).toList();
        if (commands.size() != 1 || commands.get(0).trim().endsWith("\\")) {
            fail("README.md: the ```sh block after " + MARKER + " must hold exactly one command line; it holds: " + block);
        }
        return commands.get(0).trim();
    }

    /** Copies the files git tracks (without git: the tree, minus build output and local data); returns how many. */
    private static int copySources(Path root, Path copy) throws IOException, InterruptedException {
        List<String> tracked = gitTrackedFiles(root);
        if (tracked != null) {
            int count = 0;
            for (String file : tracked) {
                Path source = root.resolve(file);
                if (Files.isRegularFile(source)) { // tracked but deleted in the work tree: not part of the sources now
                    Path target = copy.resolve(file);
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target);
                    copyExecutable(source, target);
                    count++;
                }
            }
            return count;
        }
        int[] count = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(root) && NOT_SOURCES.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(copy.resolve(root.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Path target = copy.resolve(root.relativize(file).toString());
                    Files.copy(file, target);
                    copyExecutable(file, target);
                    count[0]++;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return count[0];
    }

    /** {@code git ls-files} in {@code root}, or null when git is missing or {@code root} is not a work tree. */
    private static List<String> gitTrackedFiles(Path root) throws InterruptedException {
        try {
            Process git = new ProcessBuilder("git", "ls-files", "-z").directory(root.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = git.getInputStream().readAllBytes();
            if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
                git.destroyForcibly();
                return null;
            }
            List<String> files = new ArrayList<>();
            for (String name : new String(out, StandardCharsets.UTF_8).split("\0")) {
                if (!name.isEmpty()) {
                    files.add(name);
                }
            }
            return files.isEmpty() ? null : files;
        } catch (IOException noGit) {
            return null;
        }
    }

    private static void copyExecutable(Path source, Path target) {
        if (Files.isExecutable(source)) {
            target.toFile().setExecutable(true, false);
        }
    }

    private static HttpResponse<String> awaitServed(ChildProcess run, SampleClient client, String url) throws InterruptedException {
        long deadline = System.nanoTime() + SERVE_TIMEOUT.toNanos();
        while (true) {
            try {
                HttpResponse<String> page = client.get(url);
                if (page.statusCode() == 200) {
                    return page;
                }
            } catch (UncheckedIOException notYetListening) {
                // still building
            }
            if (!run.isAlive()) {
                fail(run + " exited (" + run.exitCode() + ") before serving " + url + "\n" + run.logTail(60));
            }
            if (System.nanoTime() - deadline > 0) {
                fail("nothing served at " + url + " after " + SERVE_TIMEOUT + "\n" + run.logTail(60));
            }
            Thread.sleep(1000);
        }
    }
}
