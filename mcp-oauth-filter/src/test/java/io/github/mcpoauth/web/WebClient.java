package io.github.mcpoauth.web;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * One browser: its own cookie jar, an {@code Origin} header (the app's own unless told otherwise),
 * and any headers set with {@link #header} on every request and socket handshake.
 */
final class WebClient {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final String origin;
    private final String base;
    private final CookieManager cookies = new CookieManager();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final HttpClient http;

    /** @param base e.g. {@code http://127.0.0.1:8080/app/mcp-client} */
    WebClient(String origin, String base) {
        this.origin = origin;
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(TIMEOUT).build();
    }

    /** Sends {@code name: value} with every later request and socket handshake of this client. */
    WebClient header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    HttpResponse<String> getUrl(URI url) {
        return send(HttpRequest.newBuilder(url).GET());
    }

    HttpResponse<String> post(String path, Object body) {
        return post(path, body, origin);
    }

    /** {@code fromOrigin} null: neither Origin nor Referer. */
    HttpResponse<String> post(String path, Object body, String fromOrigin) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (fromOrigin != null) {
            b.header("Origin", fromOrigin);
        }
        return send(b);
    }

    /** A form POST to {@code url} from this client's origin, as a page of the app would send it. */
    HttpResponse<String> postForm(URI url, Map<String, String> fields) {
        String form = fields.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(url).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", origin).POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Origin", origin).DELETE());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> response) {
        return JSON.readValue(response.body(), Map.class);
    }

    @SuppressWarnings("unchecked")
    static List<Object> jsonList(HttpResponse<String> response) {
        return JSON.readValue(response.body(), List.class);
    }

    String cookieHeader() {
        List<HttpCookie> all = cookies.getCookieStore().getCookies();
        return all.stream().map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; "));
    }

    SocketProbe socket(String fromOrigin) {
        return SocketProbe.open(http, base.replaceFirst("^http", "ws") + "/ws", fromOrigin, cookieHeader(), headers);
    }

    SocketProbe socket() {
        return socket(origin);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        headers.forEach(request::header);
        try {
            return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
