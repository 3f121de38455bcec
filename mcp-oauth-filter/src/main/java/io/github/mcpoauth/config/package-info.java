/**
 * Configuration, read once: {@link io.github.mcpoauth.config.McpOAuthConfig} from system
 * properties, the environment, init-params and context-params, every key listed in
 * {@link io.github.mcpoauth.config.ConfigKey} (and, by a test, in the README's table); and the
 * values a caller configures one server with ({@link io.github.mcpoauth.config.RetryPolicy},
 * {@link io.github.mcpoauth.config.PreRegisteredClient}).
 *
 * <p>The bottom of the module: imports no other package of it, and nothing of Jakarta EE
 * ({@code jakarta.servlet} in particular).
 */
package io.github.mcpoauth.config;
