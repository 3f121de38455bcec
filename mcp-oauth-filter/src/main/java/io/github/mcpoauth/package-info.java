/**
 * mcp-oauth-filter: lets a web application's users connect to OAuth-protected MCP servers. This
 * package holds only {@link io.github.mcpoauth.McpOAuthException}, the one failure type every layer
 * reports with a {@link io.github.mcpoauth.McpOAuthException.Code}.
 *
 * <p>The public API is listed in {@code docs/ARCHITECTURE.md} ("Public API"): the Java API in
 * {@code client}, the configuration in {@code config}, the store SPI in {@code store} and the web
 * app's hooks in {@code web}. Packages under {@code io.github.mcpoauth.internal} are not API, even
 * where their types are public for the module's own packages.
 *
 * <p>Imports nothing of the module's other packages, and nothing of Jakarta EE.
 */
package io.github.mcpoauth;
