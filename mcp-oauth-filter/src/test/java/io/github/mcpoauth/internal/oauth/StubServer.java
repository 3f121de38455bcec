package io.github.mcpoauth.internal.oauth;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import net.minidev.json.JSONValue;

/**
 * A scriptable HTTP server on 127.0.0.1 (JDK {@code HttpServer}) standing in for MCP resource and
 * authorization servers: routes by exact path, records every request, answers 404 elsewhere.
 */
final class StubServer implements AutoCloseable {

    record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** The form-urlencoded body's parameters, first value each. */
        Map<String, String> form() {
            Map<String, String> result = new HashMap<>();
            URLUtils.parseParameters(body).forEach((k, v) -> result.put(k, v.isEmpty() ? null : v.get(0)));
            return result;
        }
    }

    record Response(int status, String contentType, String body, Map<String, String> headers) {
    }

    static {
        // small responses otherwise wait on Nagle plus delayed ACK, some 40 ms each
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Function<Request, Response>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private StubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static StubServer start() {
        try {
            return new StubServer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    URI url(String path) {
        return URI.create(origin() + path);
    }

    StubServer on(String path, Function<Request, Response> handler) {
        routes.put(path, handler);
        return this;
    }

    StubServer onJson(String path, Map<String, ?> document) {
        return on(path, r -> json(200, document));
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<String> paths() {
        return requests.stream().map(Request::path).toList();
    }

    List<Request> requestsTo(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    static Response json(int status, Map<String, ?> document) {
        return new Response(status, "application/json", JSONValue.toJSONString(document), Map.of());
    }

    static Response text(int status, String contentType, String body) {
        return new Response(status, contentType, body, Map.of());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers, body);
            requests.add(request);
            Function<Request, Response> route = routes.get(uri.getRawPath());
            Response response = route == null ? text(404, "text/plain", "not found") : route.apply(request);
            byte[] bytes = response.body() == null ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
            if (response.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", response.contentType());
            }
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
