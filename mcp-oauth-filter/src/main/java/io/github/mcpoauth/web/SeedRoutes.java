package io.github.mcpoauth.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The seed's endpoints, with its shapes, so its front-end examples work unchanged. */
final class SeedRoutes {

    private SeedRoutes() {
    }

    /** {@code {url|serverUrl, name?}} → {@code {serverId, authUrl, message}} or {@code {serverId, status:"connected"}}. */
    static CompletableFuture<ApiResponse> connect(ApiCall call) {
        String url = call.text("url", false);
        if (url == null) {
            url = call.text("serverUrl", true);
        }
        String name = call.text("name", false);
        if (name == null) {
            name = hostOf(url);
        }
        return ServerRoutes.addServer(call, name, url).thenApply(r -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("serverId", r.id());
            switch (r.state()) {
                case AUTHENTICATING -> {
                    body.put("authUrl", r.authUrl());
                    body.put("message", "Authorization required");
                }
                case READY, CONNECTED, DISCOVERING -> body.put("status", "connected");
                case FAILED -> throw new ApiError(502, "upstream",
                        String.valueOf(call.manager().getServer(r.id()).error()));
                default -> body.put("status", r.state().wireName());
            }
            return ApiResponse.ok(body);
        });
    }

    /** → {@code [{serverId, name, state, authUrl}]}. */
    static CompletableFuture<ApiResponse> status(ApiCall call) {
        List<Map<String, Object>> out = new ArrayList<>();
        call.manager().getMcpServers().servers().forEach((id, v) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("serverId", id);
            row.put("name", v.name());
            row.put("state", v.state());
            row.put("authUrl", v.authUrl());
            out.add(row);
        });
        return CompletableFuture.completedFuture(ApiResponse.ok(out));
    }

    /** {@code {serverId}} → {@code {message:"Disconnected"}}. */
    static CompletableFuture<ApiResponse> disconnect(ApiCall call) {
        call.manager().removeMcpServer(call.text("serverId", true));
        return CompletableFuture.completedFuture(ApiResponse.ok(Map.of("message", "Disconnected")));
    }

    private static String hostOf(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? url : host;
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "invalid_request", "url is not a valid URL");
        }
    }
}
