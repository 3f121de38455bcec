/**
 * The JPA store: an implementation of the {@code io.github.mcpoauth.store} SPI on Jakarta
 * Persistence 3.1 and Hibernate ORM 6.6, found by {@link java.util.ServiceLoader} as the
 * {@code jpa} provider. It owns its schema (versioned SQL per dialect), encrypts secrets at rest,
 * and runs on an embedded H2 database by default, PostgreSQL or any DataSource in production.
 * Public: the provider, and {@code JpaMcpStore} for a caller that builds the store itself.
 *
 * <p>May import the module's {@code config}, {@code store} and {@code McpOAuthException}; never
 * {@code client}, {@code web} or {@code internal} packages, nor {@code jakarta.servlet}.
 */
package io.github.mcpoauth.jpa;
