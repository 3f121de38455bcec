/**
 * The servlet side: activation ({@code web-fragment.xml}, {@link io.github.mcpoauth.web.McpOAuthInitializer},
 * {@link io.github.mcpoauth.web.McpOAuthListener}), the one runtime per application
 * ({@link io.github.mcpoauth.web.McpOAuthRuntime}, reached with {@link io.github.mcpoauth.web.McpOAuth}),
 * the REST filter, the OAuth callback servlet, owners, CSRF, redirects, pages and scripts.
 *
 * <p>The only package that uses {@code jakarta.servlet}; it may import every other package of the
 * module, and no other package imports it.
 */
package io.github.mcpoauth.web;
