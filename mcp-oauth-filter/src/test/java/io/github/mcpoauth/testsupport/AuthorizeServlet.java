package io.github.mcpoauth.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The authorization endpoint. It checks the request the way a real server does, then plays the
 * user: it approves at once (or denies, once, after {@code denyNext}) and redirects back.
 *
 * <p>An unknown client or an unregistered redirect_uri gets a 400 page, never a redirect.
 * Other problems are redirected to the client as OAuth errors, with {@code state} and {@code iss}.
 */
final class AuthorizeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ClientRegistry clients;
    private final transient TokenRegistry tokens;
    private final transient AuthorizationServerRecorder recorder;
    private final transient AtomicBoolean denyNext;
    private final String issuer;

    AuthorizeServlet(ClientRegistry clients, TokenRegistry tokens, AuthorizationServerRecorder recorder,
            AtomicBoolean denyNext, String issuer) {
        this.clients = clients;
        this.tokens = tokens;
        this.recorder = recorder;
        this.denyNext = denyNext;
        this.issuer = issuer;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> params = QueryStrings.firstValues(request);
        recorder.authorization(params);
        String redirectUri = params.get("redirect_uri");
        try {
            KnownClient client = clients.resolve(params.get("client_id")).orElse(null);
            if (client == null) {
                badRequest(response, "unknown client_id");
                return;
            }
            if (!client.allowsRedirectUri(redirectUri)) {
                badRequest(response, "redirect_uri is not registered for this client");
                return;
            }
        } catch (OAuthErrorException e) {
            badRequest(response, e.description());
            return;
        }
        String state = params.get("state");
        if (!"code".equals(params.get("response_type"))) {
            redirectError(response, redirectUri, state, "unsupported_response_type", "response_type must be code");
        } else if (params.get("code_challenge") == null || !"S256".equals(params.get("code_challenge_method"))) {
            redirectError(response, redirectUri, state, "invalid_request", "PKCE with S256 is required");
        } else if (denyNext.getAndSet(false)) {
            redirectError(response, redirectUri, state, "access_denied", "The user denied the request");
        } else {
            String code = tokens.newCode(params.get("client_id"), redirectUri, params.get("code_challenge"),
                    scopes(params.get("scope")), params.get("resource"));
            Map<String, String> answer = new LinkedHashMap<>();
            answer.put("code", code);
            putState(answer, state);
            answer.put("iss", issuer);
            redirect(response, QueryStrings.append(redirectUri, answer));
        }
    }

    static Set<String> scopes(String scope) {
        Set<String> scopes = new LinkedHashSet<>();
        if (scope != null) {
            Arrays.stream(scope.trim().split("\\s+")).filter(s -> !s.isEmpty()).forEach(scopes::add);
        }
        return scopes;
    }

    private void redirectError(HttpServletResponse response, String redirectUri, String state, String error,
            String description) {
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("error", error);
        answer.put("error_description", description);
        putState(answer, state);
        answer.put("iss", issuer);
        redirect(response, QueryStrings.append(redirectUri, answer));
    }

    private static void redirect(HttpServletResponse response, String location) {
        response.setStatus(302);
        response.setHeader("Location", location);
        response.setHeader("Cache-Control", "no-store");
    }

    private static void putState(Map<String, String> answer, String state) {
        if (state != null) {
            answer.put("state", state);
        }
    }

    private static void badRequest(HttpServletResponse response, String message) throws IOException {
        byte[] body = ("<!doctype html><title>Bad request</title><p>" + message.replace("<", "&lt;") + "</p>")
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(400);
        response.setContentType("text/html;charset=utf-8");
        response.getOutputStream().write(body);
    }
}
