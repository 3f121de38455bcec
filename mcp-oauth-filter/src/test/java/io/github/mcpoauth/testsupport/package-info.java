/**
 * Real, small servers for integration tests, each on {@code http://127.0.0.1:<free port>} in an
 * embedded Jetty 12 (ee10), each {@link java.lang.AutoCloseable}, started within
 * {@link io.github.mcpoauth.testsupport.EmbeddedJetty#START_TIMEOUT}.
 *
 * <ul>
 * <li>{@link io.github.mcpoauth.testsupport.TestAuthorizationServer}: an OAuth 2.1 authorization
 * server (RFC 8414 metadata, RFC 7591 registration, auto-approving authorize endpoint with PKCE S256,
 * token endpoint with rotating refresh tokens), with failure injection and recordings.</li>
 * <li>{@link io.github.mcpoauth.testsupport.TestMcpServer}: an MCP server built with the MCP Java SDK
 * (streamable HTTP or SSE), optionally protected by a {@code TestAuthorizationServer} with RFC 9728
 * metadata and bearer challenges.</li>
 * <li>{@link io.github.mcpoauth.testsupport.BrowserStub}: follows an {@code authUrl} like a browser
 * and returns the callback parameters.</li>
 * <li>{@link io.github.mcpoauth.testsupport.ManualOAuthClient}, {@link io.github.mcpoauth.testsupport.PlainHttp},
 * {@link io.github.mcpoauth.testsupport.Pkce}, {@link io.github.mcpoauth.testsupport.TestClock},
 * {@link io.github.mcpoauth.testsupport.Await}: helpers for driving and observing them.</li>
 * </ul>
 *
 * <pre>{@code
 * try (TestAuthorizationServer as = TestAuthorizationServer.builder().start();
 *      TestMcpServer mcp = TestMcpServer.builder().protectedBy(as).requiredScopes("mcp:read").start()) {
 *     // connect the client under test to mcp.url(); it gets 401 and an authUrl
 *     Map<String, String> callback = new BrowserStub().authorize(authUrl);
 *     // hand callback (code, state, iss) to the client's completeAuthorization(owner, callback)
 * }
 * }</pre>
 *
 * <p>Other modules can use these through the {@code tests} classifier jar of {@code mcp-oauth-filter}
 * (declare Jetty {@code jetty-ee10-servlet} as their own test dependency too).
 */
package io.github.mcpoauth.testsupport;
