package io.github.mcpoauth.client;

import io.github.mcpoauth.internal.telemetry.Trace;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Lists every page of the tools, prompts, resources and resource templates that a server
 * advertises (MCP 2025-11-25, "Pagination"), as JSON objects tagged with the server id.
 */
final class OfferingLister {

    /** A page cap so a server that never stops paginating cannot keep us busy forever. */
    private static final int MAX_PAGES = 100;

    private final McpJsonMapper json;

    OfferingLister(McpJsonMapper json) {
        this.json = json;
    }

    /**
     * Lists the four kinds at once, as the server's capabilities allow. The first failure fails the
     * whole and cancels the other lists; so does the end of {@code scope} (the connection attempt).
     * Each page is one request, under {@code deadline}, carrying {@code trace}'s context to the server.
     */
    CompletableFuture<Offerings> discover(McpAsyncClient client, String serverId, CompletableFuture<?> scope,
            RequestDeadline deadline, Trace trace) {
        McpSchema.ServerCapabilities caps = client.getServerCapabilities();
        boolean tools = caps != null && caps.tools() != null;
        boolean prompts = caps != null && caps.prompts() != null;
        boolean resources = caps != null && caps.resources() != null;
        CompletableFuture<Offerings> result = new CompletableFuture<>();
        scope.whenComplete((ended, error) -> result.cancel(false));
        List<CompletableFuture<List<Map<String, Object>>>> lists = List.of(
                !tools ? none() : pages(cursor -> deadline.watch(SdkAsync.call(client.listTools(cursor), result, trace))
                        .thenApply(r -> new Page(r.tools(), r.nextCursor())), serverId),
                !prompts ? none() : pages(cursor -> deadline.watch(SdkAsync.call(client.listPrompts(cursor), result, trace))
                        .thenApply(r -> new Page(r.prompts(), r.nextCursor())), serverId),
                !resources ? none() : pages(cursor -> deadline.watch(SdkAsync.call(client.listResources(cursor), result, trace))
                        .thenApply(r -> new Page(r.resources(), r.nextCursor())), serverId),
                !resources ? none() : pages(cursor -> deadline.watch(SdkAsync.call(client.listResourceTemplates(cursor), result,
                        trace))
                        .thenApply(r -> new Page(r.resourceTemplates(), r.nextCursor())), serverId));
        lists.forEach(list -> list.whenComplete((items, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            }
        }));
        CompletableFuture.allOf(lists.toArray(CompletableFuture[]::new)).thenRun(() -> result.complete(
                new Offerings(lists.get(0).join(), lists.get(1).join(), lists.get(2).join(), lists.get(3).join())));
        return result;
    }

    private static CompletableFuture<List<Map<String, Object>>> none() {
        return CompletableFuture.completedFuture(List.of());
    }

    /** Tags SDK objects (e.g. from a list_changed notification) with their server id. */
    List<Map<String, Object>> tag(List<?> items, String serverId) {
        List<Map<String, Object>> out = new ArrayList<>(items == null ? 0 : items.size());
        if (items != null) {
            for (Object item : items) {
                Map<String, Object> map = toJson(item);
                map.put("serverId", serverId);
                out.add(map);
            }
        }
        return out;
    }

    /** An SDK object as a mutable JSON object; empty for null. */
    Map<String, Object> toJson(Object value) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = value == null ? null : json.convertValue(value, Map.class);
        return map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map);
    }

    private record Page(List<?> items, String nextCursor) {
    }

    /** Every page, one after the other, at most {@value #MAX_PAGES}. */
    private CompletableFuture<List<Map<String, Object>>> pages(Function<String, CompletableFuture<Page>> fetch,
            String serverId) {
        return pages(fetch, null, 1, new ArrayList<>(), serverId);
    }

    private CompletableFuture<List<Map<String, Object>>> pages(Function<String, CompletableFuture<Page>> fetch,
            String cursor, int n, List<Map<String, Object>> listed, String serverId) {
        return fetch.apply(cursor).thenCompose(page -> {
            listed.addAll(tag(page.items(), serverId));
            boolean more = page.nextCursor() != null && !page.nextCursor().isEmpty() && n < MAX_PAGES;
            return more ? pages(fetch, page.nextCursor(), n + 1, listed, serverId)
                    : CompletableFuture.completedFuture(listed);
        });
    }
}
