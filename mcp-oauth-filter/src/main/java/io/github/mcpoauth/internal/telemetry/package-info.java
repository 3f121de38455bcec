/**
 * Not API: the module's tracing and its structured log events. {@link
 * io.github.mcpoauth.internal.telemetry.Telemetry} hands out {@link io.github.mcpoauth.internal.telemetry.Trace}s,
 * spans of OpenTelemetry when its API is on the classpath and tracing is on, no-ops otherwise;
 * {@link io.github.mcpoauth.internal.telemetry.TraceHeaders} carries the W3C trace context to MCP
 * servers; {@link io.github.mcpoauth.internal.telemetry.McpEvents} writes one log line per
 * connection event. The OpenTelemetry API is an optional dependency: only {@code OtelTracing} names
 * it, and nothing loads that class unless the API is there. They may change in any release.
 *
 * <p>Imports the module's root package and the MCP SDK only; nothing of Jakarta EE.
 */
package io.github.mcpoauth.internal.telemetry;
