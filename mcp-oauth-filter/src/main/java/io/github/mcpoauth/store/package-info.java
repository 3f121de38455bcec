/**
 * The store SPI: {@link io.github.mcpoauth.store.McpStore} with its four small stores (servers,
 * client registrations, tokens, pending authorizations) and their records, which the JPA module
 * implements; {@link io.github.mcpoauth.store.McpStores} opens the configured one; the in-memory
 * implementation lives here too. Every implementation passes the same contract tests
 * ({@code McpStoreContract}).
 *
 * <p>May import {@code config} and {@code internal}; never {@code client}, {@code internal.oauth},
 * {@code internal.http}, {@code web}, {@code internal.ws}, {@code jakarta.servlet} or
 * {@code jakarta.websocket}.
 */
package io.github.mcpoauth.store;
