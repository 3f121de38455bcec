/**
 * The LangChain4j bridge: {@link io.github.mcpoauth.langchain4j.McpOAuthToolProvider} offers an owner's
 * MCP tools to an {@code AiServices} chat. Needs {@code dev.langchain4j:langchain4j} on the classpath,
 * which this module declares optional; nothing else in the module loads these classes.
 *
 * <p>Imports the client API and {@code io.github.mcpoauth.internal.tools}; nothing of Jakarta EE.
 */
package io.github.mcpoauth.langchain4j;
