package io.github.mcpoauth.client;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Mono;

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

    Mono<Offerings> discover(McpAsyncClient client, String serverId) {
        McpSchema.ServerCapabilities caps = client.getServerCapabilities();
        boolean tools = caps != null && caps.tools() != null;
        boolean prompts = caps != null && caps.prompts() != null;
        boolean resources = caps != null && caps.resources() != null;
        return Mono.zip(
                        tools ? tools(client, serverId) : Mono.just(List.<Map<String, Object>>of()),
                        prompts ? prompts(client, serverId) : Mono.just(List.<Map<String, Object>>of()),
                        resources ? resources(client, serverId) : Mono.just(List.<Map<String, Object>>of()),
                        resources ? templates(client, serverId) : Mono.just(List.<Map<String, Object>>of()))
                .map(t -> new Offerings(t.getT1(), t.getT2(), t.getT3(), t.getT4()));
    }

    Mono<List<Map<String, Object>>> tools(McpAsyncClient client, String serverId) {
        return pages(cursor -> client.listTools(cursor).map(r -> new Page(r.tools(), r.nextCursor())), serverId);
    }

    Mono<List<Map<String, Object>>> prompts(McpAsyncClient client, String serverId) {
        return pages(cursor -> client.listPrompts(cursor).map(r -> new Page(r.prompts(), r.nextCursor())), serverId);
    }

    Mono<List<Map<String, Object>>> resources(McpAsyncClient client, String serverId) {
        return pages(cursor -> client.listResources(cursor).map(r -> new Page(r.resources(), r.nextCursor())),
                serverId);
    }

    Mono<List<Map<String, Object>>> templates(McpAsyncClient client, String serverId) {
        return pages(cursor -> client.listResourceTemplates(cursor)
                .map(r -> new Page(r.resourceTemplates(), r.nextCursor())), serverId);
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

    private Mono<List<Map<String, Object>>> pages(Function<String, Mono<Page>> fetch, String serverId) {
        return fetch.apply(null)
                .expand(page -> page.nextCursor() == null || page.nextCursor().isEmpty()
                        ? Mono.empty()
                        : fetch.apply(page.nextCursor()))
                .take(MAX_PAGES)
                .concatMapIterable(page -> tag(page.items(), serverId))
                .collectList();
    }

}
