package io.github.mcpoauth.sample;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * One browser session against a deployed sample, over plain HTTP: its own cookies, the app's own
 * {@code Origin} on writes, redirects not followed (each hop is checked by the caller or by
 * {@link #follow}). {@code base} is the application's root, e.g. {@code http://localhost:8080/sample-war}.
 */
final class SampleClient {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern TX = Pattern.compile("name=\"tx\" value=\"([^\"]+)\"");

    private final String base;
    private final String origin;
    private final HttpClient http;

    SampleClient(String base) {
        this.base = base;
        URI uri = URI.create(base);
        this.origin = uri.getScheme() + "://" + uri.getRawAuthority();
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TIMEOUT).build();
    }

    String base() {
        return base;
    }

    /** The demo MCP server's URL in this deployment. */
    String demoServerUrl() {
        return base + "/demo/mcp";
    }

    HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(absolute(url))).GET());
    }

    HttpResponse<String> postJson(String url, Object body) {
        return send(HttpRequest.newBuilder(URI.create(absolute(url))).header("Origin", origin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    HttpResponse<String> postForm(String url, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(URI.create(absolute(url))).header("Origin", origin)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** A JSON-RPC POST to an MCP endpoint, as an MCP client sends it, with {@code authorization} if not null. */
    HttpResponse<String> postMcp(String url, String authorization, Object message) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(absolute(url)))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(message)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    /** POST {@code /mcp-client/servers}: the JSON answer ({@code id}, {@code state}, {@code authUrl}). */
    Map<String, Object> addServer(String name, String url) {
        HttpResponse<String> response = postJson(base + "/mcp-client/servers", Map.of("name", name, "url", url));
        if (response.statusCode() != 201) {
            throw new AssertionError("add server: " + response.statusCode() + " " + response.body());
        }
        return json(response);
    }

    /** GET {@code /mcp-client/servers}: the owner's state in the seed's shape. */
    Map<String, Object> state() {
        return json(get(base + "/mcp-client/servers"));
    }

    /**
     * Opens {@code authUrl} (the demo consent page), answers it with {@code decision}
     * ({@code approve} or {@code deny}) and follows the redirect to the callback; returns the
     * callback's answer (a redirect to the sample's {@code auth-done.html}).
     */
    HttpResponse<String> answerConsent(String authUrl, String decision) {
        HttpResponse<String> consent = get(authUrl);
        Matcher tx = TX.matcher(consent.body());
        if (consent.statusCode() != 200 || !tx.find()) {
            throw new AssertionError("no consent page at " + authUrl + ": " + consent.statusCode() + " " + consent.body());
        }
        String action = authUrl.substring(0, authUrl.indexOf('?'));
        HttpResponse<String> answered = postForm(action, Map.of("tx", tx.group(1), "decision", decision));
        if (answered.statusCode() != 303) {
            throw new AssertionError("consent answer: " + answered.statusCode() + " " + answered.body());
        }
        return follow(answered);
    }

    /** Follows one redirect. */
    HttpResponse<String> follow(HttpResponse<String> redirect) {
        String location = redirect.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location in " + redirect.statusCode()));
        return get(redirect.uri().resolve(location).toString());
    }

    /**
     * Opens a WebSocket to {@code path} under {@code base} ({@code ws:} for {@code http:}) with
     * this session's cookies and the app's own {@code Origin}, as a page of the app would.
     */
    WebSocket openWebSocket(String path, WebSocket.Listener listener) {
        URI uri = URI.create(base.replaceFirst("^http", "ws") + path);
        try {
            return http.newWebSocketBuilder().header("Origin", origin).connectTimeout(TIMEOUT)
                    .buildAsync(uri, listener).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("WebSocket handshake with " + uri + " failed: " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> response) {
        return JSON.readValue(response.body(), Map.class);
    }

    private String absolute(String url) {
        return url.startsWith("http") ? url : base + url;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
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
