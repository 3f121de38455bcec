package io.github.mcpoauth.sample;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a user does in a browser with an {@code authUrl} pointing at Keycloak: open it, fill in
 * Keycloak's own login form, answer its consent page, and follow the redirects until one leads to the
 * application's callback, whose query is returned (to be handed to the module's callback handling).
 *
 * <p>Keycloak marks its cookies {@code Secure}, which browsers still send to {@code http://127.0.0.1}
 * (a potentially trustworthy origin) but {@link java.net.CookieManager} does not; so this keeps its
 * own cookie jar, one per instance: a new instance is a new browser without a Keycloak session.
 */
final class KeycloakBrowser {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_STEPS = 12;
    private static final Pattern FORM = Pattern.compile("<form\\b[^>]*\\baction=\"([^\"]+)\"[^>]*>(.*?)</form>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern CODE_INPUT = Pattern.compile("name=\"code\"\\s+value=\"([^\"]*)\"");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final String callbackPrefix;

    /** @param callbackUrl the module's redirect URI: the browser stops at a redirect there */
    KeycloakBrowser(String callbackUrl) {
        this.callbackPrefix = callbackUrl;
    }

    /** Logs in as {@code username} (when Keycloak asks), grants consent (when asked): the callback's query. */
    Map<String, String> approve(String authUrl, String username, String password) {
        return walk(authUrl, username, password, true);
    }

    /** Logs in, then answers "No" on the consent page: the callback's query (an {@code error}). */
    Map<String, String> deny(String authUrl, String username, String password) {
        return walk(authUrl, username, password, false);
    }

    private Map<String, String> walk(String authUrl, String username, String password, boolean consent) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(authUrl)).GET());
        for (int step = 0; step < MAX_STEPS; step++) {
            URI at = response.uri();
            if (response.statusCode() / 100 == 3) {
                URI next = at.resolve(response.headers().firstValue("Location")
                        .orElseThrow(() -> new AssertionError("redirect without Location from " + at)));
                if (next.toString().startsWith(callbackPrefix)) {
                    return query(next);
                }
                response = send(HttpRequest.newBuilder(next).GET());
            } else if (response.statusCode() == 200 && response.body().contains("id=\"kc-form-login\"")) {
                response = post(at, form(response.body(), "kc-form-login"),
                        Map.of("username", username, "password", password, "credentialId", ""));
            } else if (response.statusCode() == 200 && response.body().contains("name=\"accept\"")) {
                Matcher code = CODE_INPUT.matcher(response.body());
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("code", code.find() ? code.group(1) : "");
                fields.put(consent ? "accept" : "cancel", consent ? "Yes" : "No");
                response = post(at, form(response.body(), "name=\"accept\""), fields);
            } else {
                throw new AssertionError("unexpected answer from Keycloak at " + at + ": " + response.statusCode()
                        + " " + title(response.body()));
            }
        }
        throw new AssertionError("no redirect to " + callbackPrefix + " after " + MAX_STEPS + " steps");
    }

    /** The action of the form whose markup contains {@code marker}. */
    private static String form(String html, String marker) {
        Matcher form = FORM.matcher(html);
        while (form.find()) {
            if (form.group(0).contains(marker)) {
                return unescape(form.group(1));
            }
        }
        throw new AssertionError("no form with " + marker + " in " + title(html));
    }

    private HttpResponse<String> post(URI page, String action, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(page.resolve(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        HttpRequest built = request.timeout(TIMEOUT).build();
        try {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            response.headers().allValues("Set-Cookie").forEach(this::remember);
            return response;
        } catch (IOException e) {
            throw new AssertionError(built.method() + " " + built.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + built.uri(), e);
        }
    }

    private void remember(String setCookie) {
        String pair = setCookie.split(";", 2)[0];
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            return;
        }
        String name = pair.substring(0, eq).trim();
        String value = pair.substring(eq + 1).trim();
        if (value.isEmpty() || setCookie.toLowerCase().contains("max-age=0")) {
            cookies.remove(name);
        } else {
            cookies.put(name, value);
        }
    }

    /** The decoded query parameters of {@code uri}; the first of a repeated name wins. */
    static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private static String title(String html) {
        Matcher title = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL).matcher(html);
        return title.find() ? "page \"" + title.group(1).trim() + "\"" : "a page without a title";
    }

    private static String unescape(String attribute) {
        return attribute.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'");
    }
}
