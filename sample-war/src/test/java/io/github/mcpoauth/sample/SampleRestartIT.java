package io.github.mcpoauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.Await;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a user of the sample expects from "servers and tokens persist": after the sample restarts
 * on the same data directory, the same browser sees its authorized demo server and can use it
 * without being asked to authorize again.
 */
class SampleRestartIT {

    @Test
    void authorizedServerComesBackUsableAfterRestartWithoutNewConsent() throws Exception {
        Path data = SampleApp.newDataDir();
        SampleClient browser;
        String id;
        int port;
        try (SampleApp first = SampleApp.start(data)) {
            port = first.port();
            browser = new SampleClient(first.origin());
            Map<String, Object> added = browser.addServer("demo", browser.demoServerUrl());
            id = (String) added.get("id");
            assertEquals("authenticating", added.get("state"));
            HttpResponse<String> callback = browser.answerConsent((String) added.get("authUrl"), "approve");
            assertEquals("/auth-done.html", callback.headers().firstValue("Location").orElseThrow());
            awaitState(browser, id, "ready");
        }
        assertTrue(Files.isRegularFile(data.resolve("demo-authorization-server.key")));

        try (SampleApp second = SampleApp.start(data, port)) {
            Map<String, Object> server = server(browser, id);
            assertEquals("demo", server.get("name"));
            assertTrue(!"authenticating".equals(server.get("state")), "asked to authorize again: " + server);
            HttpResponse<String> echoed = browser.postJson("/mcp-client/servers/" + id + "/tools/echo",
                    Map.of("text", "after restart"));
            assertEquals(200, echoed.statusCode(), echoed.body());
            assertTrue(echoed.body().contains("after restart"), echoed.body());
            awaitState(browser, id, "ready");
        }
    }

    private static void awaitState(SampleClient browser, String id, String state) {
        Await.until(Duration.ofSeconds(30), "server " + id + " " + state,
                () -> state.equals(server(browser, id).get("state")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> server(SampleClient browser, String id) {
        Map<String, Object> servers = (Map<String, Object>) browser.state().get("servers");
        Object server = servers.get(id);
        if (server == null) {
            throw new AssertionError("server " + id + " not listed: " + servers.keySet());
        }
        return (Map<String, Object>) server;
    }
}
