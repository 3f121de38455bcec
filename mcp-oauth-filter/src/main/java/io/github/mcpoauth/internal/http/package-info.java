/**
 * Not API: the module's own HTTP plumbing, below MCP.
 * {@link io.github.mcpoauth.internal.http.OwnedHttpClient} is the service's one JDK HTTP client:
 * its threads are the module's, bounded and ended at close; it answers from the body handler
 * and keeps the JDK's hop to the common pool from running at all, and sends {@code http://} requests as
 * HTTP/1.1 (RFC 9113 section 3.1 deprecates the h2c upgrade). When the SSRF guard checks addresses,
 * its connections are pinned to addresses the guard checked by
 * {@link io.github.mcpoauth.internal.http.ConnectTunnel}, an in-process proxy on loopback:
 * {@code CONNECT host:port} for https (RFC 9110 section 9.3.6); plain http arrives in absolute form
 * and leaves in origin form (RFC 9112 section 3.2.2), its bodies followed by their framing (RFC
 * 9112 sections 6 and 7.1) and its hop-by-hop headers dropped (RFC 9110 section 7.6.1). Beside
 * them: the body subscribers that bound a response
 * ({@link io.github.mcpoauth.internal.http.SizeLimitedBody}) or withhold an error answer's body
 * ({@link io.github.mcpoauth.internal.http.WithheldBody}), and
 * the builder that hands the SDK's transports the shared client
 * ({@link io.github.mcpoauth.internal.http.SharedHttpClientBuilder}). Public only so that
 * {@code client} can use them; they may change or go in any release. What an MCP endpoint may
 * answer, the caps on requests in flight and the resumption of an event stream stay in
 * {@code client}.
 *
 * <p>May import the root package, {@code internal} and {@code internal.oauth} (the guard); never
 * {@code client}, {@code config}, {@code store}, {@code web}, {@code internal.ws},
 * {@code internal.telemetry} or {@code internal.tools}, and nothing of Jakarta EE: no
 * {@code jakarta.servlet}.
 */
package io.github.mcpoauth.internal.http;
