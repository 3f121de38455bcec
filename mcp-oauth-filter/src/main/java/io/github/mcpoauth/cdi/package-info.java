/**
 * CDI integration: in a CDI container (WildFly, Payara, Open Liberty, any Weld), {@code @Inject
 * McpClientManager} gives the current request's owner's manager, {@code McpOAuthRuntime} and
 * {@code McpClientService} are injectable, and every change to an owner's servers is fired as a
 * {@link io.github.mcpoauth.cdi.McpServerStateChanged} event. The CDI API is an optional dependency:
 * only {@link io.github.mcpoauth.cdi.McpOAuthExtension}'s service file, which only a CDI container
 * reads, reaches this package, and the jar has no {@code beans.xml}, so it is no bean archive and
 * nothing but the extension's beans is added to the application. May use {@code jakarta.servlet},
 * the client API and the web layer; never the store, the internals or the LLM bridges.
 */
package io.github.mcpoauth.cdi;
