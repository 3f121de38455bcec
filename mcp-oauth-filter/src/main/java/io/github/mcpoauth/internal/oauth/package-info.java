/**
 * Not API: the OAuth client of MCP authorization (specification 2025-11-25, "Authorization"),
 * used by {@code client} through {@link io.github.mcpoauth.internal.oauth.McpAuthorizationManager}.
 * One small class per duty: discovery (RFC 9728, RFC 8414), client identity (pre-registered,
 * Client ID Metadata Document, RFC 7591), the authorization request with PKCE, the callback
 * (reporting an {@link io.github.mcpoauth.internal.oauth.AuthorizationOutcome}), the token
 * endpoint, single-flight refresh, the SSRF guard and safe error text.
 *
 * <p>May import {@code config}, {@code store} and {@code internal}; never {@code client},
 * {@code internal.http}, {@code web}, {@code internal.ws}, {@code jakarta.servlet} or
 * {@code jakarta.websocket}.
 */
package io.github.mcpoauth.internal.oauth;
