package io.github.mcpoauth.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.mcpoauth.client.AddServerResult;
import io.github.mcpoauth.client.McpClientManager;
import io.github.mcpoauth.client.ServerOptions;
import io.github.mcpoauth.client.ServerView;
import io.github.mcpoauth.client.TransportType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@code /servers}: add, list, get, delete, close, reconnect, call a tool. */
final class ServerRoutes {

    /** What add and reconnect answer: {@code {"id","state","authUrl"?}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Added(String id, String state, String authUrl) {
        static Added of(AddServerResult r) {
            return new Added(r.id(), r.state().wireName(), r.authUrl());
        }
    }

    private ServerRoutes() {
    }

    static CompletableFuture<ApiResponse> add(ApiCall call) {
        return addServer(call, call.text("name", true), call.text("url", true))
                .thenApply(r -> new ApiResponse(201, Added.of(r)));
    }

    /** Adds with the options in the body; an add still connecting after the settle timeout answers its current state. */
    static CompletableFuture<AddServerResult> addServer(ApiCall call, String name, String url) {
        ServerOptions options = options(call).withCallbackUrl(call.callbackUrl());
        McpClientManager manager = call.manager();
        return call.settled(manager.addMcpServerAsync(name, url, options))
                .thenApply(r -> r != null ? r : current(manager, name, url));
    }

    private static AddServerResult current(McpClientManager manager, String name, String url) {
        for (Map.Entry<String, ServerView> e : manager.getMcpServers().servers().entrySet()) {
            ServerView v = e.getValue();
            if (v.name().equals(name) && v.serverUrl().equals(url)) {
                return new AddServerResult(e.getKey(), v.connectionState(), v.authUrl());
            }
        }
        throw new ApiError(504, "timeout", "The server did not settle in time");
    }

    @SuppressWarnings("unchecked")
    private static ServerOptions options(ApiCall call) {
        ServerOptions options = ServerOptions.defaults();
        Object transport = call.body().get("transport");
        if (transport instanceof Map<?, ?> t) {
            options = options.withTransport(TransportType.fromWireName(t.get("type") instanceof String s ? s : null));
            if (t.get("headers") instanceof Map<?, ?> h) {
                Map<String, String> headers = new LinkedHashMap<>();
                ((Map<Object, Object>) h).forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
                options = options.withHeaders(headers);
            }
        } else if (transport != null) {
            throw new ApiError(400, "invalid_request", "transport must be an object {type, headers}");
        }
        String id = call.text("id", false);
        return id == null ? options : options.withId(id);
    }

    static CompletableFuture<ApiResponse> list(ApiCall call) {
        return CompletableFuture.completedFuture(ApiResponse.ok(call.manager().getMcpServers()));
    }

    static CompletableFuture<ApiResponse> get(ApiCall call) {
        return CompletableFuture.completedFuture(ApiResponse.ok(call.manager().getServer(call.param(0))));
    }

    static CompletableFuture<ApiResponse> delete(ApiCall call) {
        call.manager().removeMcpServer(call.param(0));
        return CompletableFuture.completedFuture(new ApiResponse(204, null));
    }

    static CompletableFuture<ApiResponse> reconnect(ApiCall call) {
        String id = call.param(0);
        McpClientManager manager = call.manager();
        return call.settled(manager.reconnectAsync(id))
                .thenApply(r -> ApiResponse.ok(r != null ? Added.of(r) : currentOf(manager, id)));
    }

    /** Closes the session, keeping the server; answers its state ({@code not-connected}) once closed or after the settle timeout. */
    static CompletableFuture<ApiResponse> close(ApiCall call) {
        String id = call.param(0);
        McpClientManager manager = call.manager();
        return call.settled(manager.closeConnectionAsync(id)).thenApply(v -> ApiResponse.ok(currentOf(manager, id)));
    }

    private static Added currentOf(McpClientManager manager, String id) {
        ServerView v = manager.getServer(id);
        return new Added(id, v.state(), v.authUrl());
    }

    static CompletableFuture<ApiResponse> callTool(ApiCall call) {
        return call.manager().callToolAsync(call.param(0), call.param(1), call.body())
                .thenApply(ApiResponse::ok);
    }
}
