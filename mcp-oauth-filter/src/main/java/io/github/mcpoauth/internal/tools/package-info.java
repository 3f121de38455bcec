/**
 * Not API: what the LLM tool bridges ({@code io.github.mcpoauth.langchain4j},
 * {@code io.github.mcpoauth.springai}) share, so each bridge only adapts types:
 * {@link io.github.mcpoauth.internal.tools.ToolCatalog} (an owner's ready tools under names a model
 * accepts) and {@link io.github.mcpoauth.internal.tools.ToolInvoker} (a model's call turned into an
 * MCP {@code tools/call} whose every outcome is text for the model). They may change in any release.
 *
 * <p>Uses the client API only; nothing of Jakarta EE nor of any LLM framework.
 */
package io.github.mcpoauth.internal.tools;
