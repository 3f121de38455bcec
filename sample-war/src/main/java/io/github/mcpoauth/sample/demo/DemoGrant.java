package io.github.mcpoauth.sample.demo;

/**
 * What the demo user approved: for which client, which resource (the token audience, RFC 8707) and
 * which scope. Carried by authorization codes, access tokens and refresh tokens alike.
 */
record DemoGrant(String subject, String clientId, String clientName, String resource, String scope) {
}
