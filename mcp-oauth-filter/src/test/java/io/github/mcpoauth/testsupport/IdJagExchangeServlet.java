package io.github.mcpoauth.testsupport;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@link TestIdentityProvider}'s token endpoint: RFC 8693 token exchange of one of its ID tokens
 * for an ID-JAG, for its client authenticated with client_secret_basic. A refusal carries an
 * extra member no client may show.
 */
final class IdJagExchangeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String UPSTREAM_ONLY = "idp-internal-detail-never-shown";

    private final transient TestIdentityProvider idp;
    private final String clientIdAtAuthorizationServer;

    IdJagExchangeServlet(TestIdentityProvider idp, String clientIdAtAuthorizationServer) {
        this.idp = idp;
        this.clientIdAtAuthorizationServer = clientIdAtAuthorizationServer;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> form = QueryStrings.firstValues(request);
        boolean authenticated = ("Basic " + Base64.getEncoder().encodeToString((TestIdentityProvider.CLIENT_ID + ":"
                + TestIdentityProvider.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)))
                .equals(request.getHeader("Authorization"));
        String subject = idp.verifiedSubject(form.getOrDefault("subject_token", ""));
        idp.record(new TestIdentityProvider.Exchange(subject, form.get("audience"), form.get("resource"), authenticated));
        if (!authenticated) {
            refuse(response, 401, "invalid_client", "client authentication failed");
        } else if (!"urn:ietf:params:oauth:grant-type:token-exchange".equals(form.get("grant_type"))
                || !"urn:ietf:params:oauth:token-type:id_token".equals(form.get("subject_token_type"))
                || !"urn:ietf:params:oauth:token-type:id-jag".equals(form.get("requested_token_type"))
                || form.get("audience") == null || form.get("resource") == null) {
            refuse(response, 400, "invalid_request", "not an ID-JAG token exchange");
        } else if (subject == null) {
            refuse(response, 400, "invalid_grant", "the subject token is not a valid ID token");
        } else if (idp.isRefused(subject)) {
            refuse(response, 400, "access_denied", "policy denies this user");
        } else {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("access_token", idp.idJag(subject, form.get("audience"), form.get("resource"),
                    clientIdAtAuthorizationServer, form.get("scope")));
            body.put("issued_token_type", "urn:ietf:params:oauth:token-type:id-jag");
            body.put("token_type", "N_A");
            body.put("expires_in", 300);
            Json.send(response, 200, body);
        }
    }

    private static void refuse(HttpServletResponse response, int status, String error, String description)
            throws IOException {
        Json.send(response, status, Map.of("error", error, "error_description", description, "detail", UPSTREAM_ONLY));
    }
}
