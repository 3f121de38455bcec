package io.github.mcpoauth.testsupport;

/**
 * The URLs of a started {@link TestAuthorizationServer}.
 *
 * @param origin {@code http://127.0.0.1:<port>}
 * @param issuer the origin followed by the issuer path
 * @param authorizationEndpoint {@code <issuer>/authorize}
 * @param tokenEndpoint {@code <issuer>/token}
 * @param registrationEndpoint {@code <issuer>/register} (served only when DCR is offered)
 */
public record AuthorizationServerEndpoints(String origin, String issuer, String authorizationEndpoint,
        String tokenEndpoint, String registrationEndpoint) {

    static AuthorizationServerEndpoints of(String origin, String issuerPath) {
        String issuer = origin + issuerPath;
        return new AuthorizationServerEndpoints(origin, issuer, issuer + "/authorize", issuer + "/token",
                issuer + "/register");
    }

    /** {@code <issuer>/revoke}, served and advertised only when the server offers revocation. */
    public String revocationEndpoint() {
        return issuer + "/revoke";
    }
}
