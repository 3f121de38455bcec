package io.github.mcpoauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a user of an app deployed in a standalone container does, over HTTP, with bounded waits. */
final class ContainerFlows {

    static final Duration FLOW_TIMEOUT = Duration.ofSeconds(60);
    /** Lines no clean deploy writes: JUL's SEVERE, the containers' and slf4j-simple's ERROR, SLF4J's own errors. */
    private static final Pattern BAD_LOG_LINE = Pattern.compile("(?m)^.*(SEVERE|\\bERROR\\b|SLF4J\\(E\\)).*$");

    private ContainerFlows() {
    }

    /** Waits until {@code base + "/"} answers 200 (the app is deployed); fails at once if the container died. */
    static HttpResponse<String> awaitDeployed(ChildProcess container, SampleClient client) {
        return await(container, "the page at " + client.base() + "/ (deploy)", StandaloneServer.DEPLOY_TIMEOUT, () -> {
            try {
                HttpResponse<String> page = client.get(client.base() + "/");
                return page.statusCode() == 200 ? page : null;
            } catch (UncheckedIOException notYetListening) {
                return null;
            }
        });
    }

    /**
     * Waits until the module's API answers 200: after a redeploy in place the new deployment answers
     * 503 while its embedded database is still held by the old one.
     */
    static void awaitApi(ChildProcess container, SampleClient client) {
        await(container, "the API at " + client.base() + "/mcp-client/servers", StandaloneServer.DEPLOY_TIMEOUT, () -> {
            try {
                return client.get(client.base() + "/mcp-client/servers").statusCode() == 200 ? Boolean.TRUE : null;
            } catch (UncheckedIOException notYetListening) {
                return null;
            }
        });
    }

    /** The state of {@code id} is {@code ready} and it offers {@code tool}. */
    static boolean isReadyWith(Map<String, Object> state, String id, String tool) {
        Map<String, Object> server = server(state, id);
        return server != null && "ready".equals(server.get("state")) && state.get("tools") instanceof List<?> tools
                && tools.stream().anyMatch(t -> t instanceof Map<?, ?> m && tool.equals(m.get("name")) && id.equals(m.get("serverId")));
    }

    /** Polls the owner's REST state until {@code id} is ready with {@code tool}. */
    static Map<String, Object> awaitReady(ChildProcess container, SampleClient client, String id, String tool) {
        AtomicReference<Map<String, Object>> last = new AtomicReference<>();
        return await(container, () -> "server " + id + " ready with the tool " + tool + " at " + client.base()
                + "; last seen: " + describe(last.get(), id), FLOW_TIMEOUT, () -> {
            Map<String, Object> current = client.state();
            last.set(current);
            return isReadyWith(current, id, tool) ? current : null;
        });
    }

    /** What a failed wait saw of {@code id}: its state and error, or which servers the owner has instead. */
    private static String describe(Map<String, Object> state, String id) {
        if (state == null) {
            return "no state answered";
        }
        Map<String, Object> server = server(state, id);
        if (server == null) {
            return "the owner has no server " + id + ", only " + servers(state).keySet();
        }
        return "state " + server.get("state") + ", error " + server.get("error") + ", tools "
                + (state.get("tools") instanceof List<?> tools ? tools.size() : 0);
    }

    /** Calls {@code tool} with {@code {"text": text}} and checks the text comes back. */
    static void assertEchoes(SampleClient client, String id, String tool, String text) {
        HttpResponse<String> called = client.postJson(client.base() + "/mcp-client/servers/" + id + "/tools/" + tool,
                Map.of("text", text));
        assertEquals(200, called.statusCode(), "tool call: " + called.body());
        Map<String, Object> result = SampleClient.json(called);
        assertEquals(Boolean.FALSE, Objects.requireNonNullElse(result.get("isError"), Boolean.FALSE), "tool result: " + result);
        assertTrue(called.body().contains(text), "tool result: " + result);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> servers(Map<String, Object> state) {
        return state.get("servers") instanceof Map<?, ?> servers ? (Map<String, Object>) servers : Map.of();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> server(Map<String, Object> state, String id) {
        return servers(state).get(id) instanceof Map<?, ?> server ? (Map<String, Object>) server : null;
    }

    static URI withoutQuery(URI uri) {
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath());
    }

    /** Fails naming the first SEVERE or ERROR line the container logged. */
    static void assertNoErrorLogged(StandaloneServer server) {
        Matcher bad = BAD_LOG_LINE.matcher(server.logText());
        if (bad.find()) {
            fail(server.name() + " logged an error: " + bad.group() + "\n" + server.process().logTail(60));
        }
    }

    /** Polls {@code probe} until it answers non-null; fails at once if the container died, or after {@code timeout}. */
    static <T> T await(ChildProcess container, String what, Duration timeout, Supplier<T> probe) {
        return await(container, () -> what, timeout, probe);
    }

    /** The same, with what it waited for told only if it fails. */
    static <T> T await(ChildProcess container, Supplier<String> waitedFor, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (!container.isAlive()) {
                fail(container + " exited while waiting for " + waitedFor.get() + "\n" + container.logTail(60));
            }
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout + " waiting for " + waitedFor.get() + "\n" + container.logTail(60));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + waitedFor.get(), e);
            }
        }
    }
}
