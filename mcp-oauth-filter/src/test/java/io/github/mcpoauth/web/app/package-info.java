/**
 * "The application" of {@code AppIntegrationTest}: a web app's own code using the module's public
 * hooks, as an app would. Copied into the test WAR's {@code WEB-INF/classes} and declared in its
 * {@code web.xml}; nothing here is used by the tests directly.
 */
package io.github.mcpoauth.web.app;
