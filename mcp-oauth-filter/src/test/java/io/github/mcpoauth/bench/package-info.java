/**
 * The benchmark of issue 10 ({@code scripts/bench}): a plain harness, not a test. Surefire runs none
 * of it (no class is named like a test); it is compiled with the test sources so it keeps compiling
 * while the module changes, and it drives the module only through its public API
 * ({@code McpClientService}, {@code McpClientManager}, {@code McpOAuthConfig}, the store SPI).
 *
 * <p>{@link io.github.mcpoauth.bench.Bench} runs four sections in one JVM and prints them side by
 * side: complete OAuth flows against the MCP conformance suite's OAuth scenario server, next to the
 * MCP TypeScript SDK client doing the same, interleaved; {@code callTool} latency next to a raw MCP
 * Java SDK client; memory per ready connection; and the restore of many stored servers. Every child
 * process it starts ends with it, every wait has a deadline, and every server is on loopback.
 */
package io.github.mcpoauth.bench;
