package io.github.mcpoauth.sample.demo;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.id.State;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * The demo OAuth 2.1 authorization server's state: signed credentials plus the two short-lived,
 * single-use tables, consent transactions and authorization codes (RFC 6749 section 4.1.2: a code
 * lives briefly and is used once). For evaluation only: there is no user login, one demo user
 * approves everything it is shown.
 */
final class DemoAuthorizationServer {

    static final String SCOPE = "demo:tools";
    static final String SUBJECT = "demo-user";

    /** An authorization request shown on the consent page, bound to the browser by {@code nonce}. */
    record PendingConsent(DemoGrant grant, URI redirectUri, State state, CodeChallenge challenge, String nonce) {
    }

    /** What an authorization code stands for until the client redeems it. */
    record IssuedCode(DemoGrant grant, URI redirectUri, CodeChallenge challenge) {
    }

    private static final int CAPACITY = 10_000;

    private final DemoCredentials credentials;
    private final ExpiringMap<PendingConsent> consents;
    private final ExpiringMap<IssuedCode> codes;
    private final SecureRandom random = new SecureRandom();

    DemoAuthorizationServer(byte[] key, Clock clock) {
        this.credentials = new DemoCredentials(key, clock);
        this.consents = new ExpiringMap<>(Duration.ofMinutes(10), CAPACITY, clock);
        this.codes = new ExpiringMap<>(Duration.ofMinutes(1), CAPACITY, clock);
    }

    DemoCredentials credentials() {
        return credentials;
    }

    ExpiringMap<PendingConsent> consents() {
        return consents;
    }

    ExpiringMap<IssuedCode> codes() {
        return codes;
    }

    /** 256 random bits, base64url: consent transaction ids, browser nonces, authorization codes. */
    String randomValue() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
