package io.github.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two applications carrying the JPA store on one server, both with the default data directory:
 * each opens its own embedded database under {@code ./mcp-oauth-data/<app>}, so neither finds the
 * other's database "already in use". The default is relative to the working directory, so the
 * contexts get names no one else uses, and the test removes what it created. Two applications
 * given one directory on purpose are told plainly which directory and which key.
 */
class DefaultDataDirectoryInContainerTest {

    @Test
    void twoAppsWithTheDefaultDataDirectoryEachGetTheirOwnDatabase() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<String> apps = List.of("data-dir-test-shop-" + suffix, "data-dir-test-blog-" + suffix);
        Path defaults = Paths.get("mcp-oauth-data").toAbsolutePath();
        boolean hadDefaults = Files.exists(defaults);
        Path war = WarDirectory.build("default-data-dir", "mcp-oauth-jpa.jar", Paths.get("target", "war.classpath"));
        try (JettyContainer jetty = new JettyContainer()) {
            jetty.start(war, Map.of("/" + apps.get(0), Map.of(), "/" + apps.get(1), Map.of()));
            for (String app : apps) {
                WebClient visitor = new WebClient(jetty.origin(), jetty.origin() + "/" + app + "/mcp-client");
                assertEquals(200, visitor.get("/servers").statusCode(), app);
                assertTrue(Files.isRegularFile(defaults.resolve(app).resolve("mcp-oauth.mv.db")),
                        "no database in " + defaults.resolve(app));
            }
            assertNotEquals(jetty.attribute("/" + apps.get(0), McpOAuthRuntime.ATTRIBUTE),
                    jetty.attribute("/" + apps.get(1), McpOAuthRuntime.ATTRIBUTE));
        } finally {
            for (String app : apps) {
                deleteTree(defaults.resolve(app));
            }
            if (!hadDefaults) {
                Files.deleteIfExists(defaults);
            }
        }
    }

    /**
     * The second application cannot tell a shared directory from a redeploy in progress (the old
     * deployment holding the database): it starts and answers 503 saying what it waits for and which
     * key separates applications; LockedDatabaseTest shows the ERROR once the wait runs out.
     */
    @Test
    void twoAppsGivenTheSameDirectoryBothStartAndTheSecondSaysWhichDirectoryAndWhichKey(@TempDir Path shared) throws Exception {
        Path war = WarDirectory.build("shared-data-dir", "mcp-oauth-jpa.jar", Paths.get("target", "war.classpath"));
        Map<String, String> params = Map.of("mcp.oauth.data-dir", shared.toString());
        try (JettyContainer jetty = new JettyContainer()) {
            jetty.start(war, Map.of("/one", params, "/two", params));
            List<HttpResponse<String>> answers = List.of("/one", "/two").stream()
                    .map(app -> new WebClient(jetty.origin(), jetty.origin() + app + "/mcp-client").get("/servers")).toList();
            List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).sorted().toList();
            assertEquals(List.of(200, 503), statuses, answers.toString());
            String refused = answers.stream().filter(r -> r.statusCode() == 503).findFirst().orElseThrow().body();
            assertTrue(refused.contains("the embedded database in " + shared.toAbsolutePath().normalize()
                    + " is still held by another deployment of this application"), refused);
            assertTrue(refused.contains("applications sharing one directory each need their own mcp.oauth.data-dir"), refused);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
