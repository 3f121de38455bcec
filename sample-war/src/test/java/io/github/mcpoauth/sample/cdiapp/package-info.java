/**
 * A small CDI application for the WildFly container test: a request-scoped bean given the request
 * owner's {@code McpClientManager} by injection, an observer of {@code McpServerStateChanged}, and a
 * servlet that reports what both saw. Copied into a test WAR's {@code WEB-INF/classes}; the tests
 * use none of it directly.
 */
package io.github.mcpoauth.sample.cdiapp;
