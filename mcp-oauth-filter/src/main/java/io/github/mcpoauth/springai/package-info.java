/**
 * The Spring AI bridge: {@link io.github.mcpoauth.springai.McpOAuthToolCallbackProvider} offers an owner's
 * MCP tools to a {@code ChatClient} or any tool-calling chat model. Needs
 * {@code org.springframework.ai:spring-ai-model} on the classpath, which this module declares optional;
 * nothing else in the module loads these classes.
 *
 * <p>Imports the client API and {@code io.github.mcpoauth.internal.tools}; nothing of Jakarta EE.
 */
package io.github.mcpoauth.springai;
