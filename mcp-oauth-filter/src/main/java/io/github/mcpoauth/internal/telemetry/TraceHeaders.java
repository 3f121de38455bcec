package io.github.mcpoauth.internal.telemetry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A span's W3C Trace Context (Trace Context Level 1, sections 3.2 and 3.3) as it travels to an MCP
 * server: the {@code traceparent} and {@code tracestate} HTTP headers, and the same two keys in a
 * request's {@code params._meta}, which SEP-414 reserves, unprefixed, for them.
 *
 * @param traceparent never null
 * @param tracestate null when the span has none
 */
public record TraceHeaders(String traceparent, String tracestate) {

    /** The two entries as HTTP headers or {@code _meta} keys, tracestate only when there is one. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("traceparent", traceparent);
        if (tracestate != null && !tracestate.isEmpty()) {
            map.put("tracestate", tracestate);
        }
        return map;
    }

    /** {@code meta} (a request's {@code _meta}, may be null) with these entries added, overriding none of the caller's. */
    public Map<String, Object> addedTo(Map<String, Object> meta) {
        Map<String, Object> merged = new LinkedHashMap<>();
        asMap().forEach(merged::put);
        if (meta != null) {
            merged.putAll(meta);
        }
        return merged;
    }
}
