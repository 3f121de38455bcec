package io.github.mcpoauth.internal.oauth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.client.ClientReadRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.store.SharedClient;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a shared client's registration at its client configuration endpoint (RFC 7592 section
 * 2.1) to learn whether the authorization server still knows it: a 2xx says it does, and may carry
 * a new registration access token (section 3 lets the AS rotate it on any read); 401 or 404 say
 * it does not (an unknown or deleted client answers 401, section 2.1). Anything else says nothing
 * either way: a timeout, no connection, a 5xx, and 403, which section 2.1 reserves for a client
 * that exists but may not read itself (treating that as gone would register anew at every check
 * and fill the AS with clients nobody deletes). Never fails; logs the host and status only, never
 * the token or the body.
 */
final class RegistrationRead {

    /** What the read showed about the registration. */
    enum Verdict { KNOWN, GONE, UNANSWERED }

    /** The verdict, and with {@code KNOWN} the registration access token the answer carried, or null. */
    record Answer(Verdict verdict, String registrationAccessToken) {

        static final Answer UNANSWERED = new Answer(Verdict.UNANSWERED, null);

        @Override
        public String toString() {
            return "Answer[" + verdict + "]";
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationRead.class);

    private final ClientConfigurationEndpoint endpoint;

    RegistrationRead(ClientConfigurationEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    CompletableFuture<Answer> read(SharedClient client) {
        String host = ClientConfigurationEndpoint.hostOf(client);
        return endpoint.send(client, (uri, token) -> new ClientReadRequest(uri, token).toHTTPRequest())
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = OAuthHttp.unwrap(error);
                        LOG.info("Could not read the client registration at {} ({}); using it as it is", host,
                                cause instanceof McpOAuthException e ? e.code() : cause.getClass().getSimpleName());
                        return Answer.UNANSWERED;
                    }
                    return answer(client, host, response);
                });
    }

    private static Answer answer(SharedClient client, String host, HTTPResponse response) {
        int status = response.getStatusCode();
        if (status == 401 || status == 404) {
            LOG.info("The authorization server at {} no longer knows this application's client registration"
                    + " (HTTP {} to reading it)", host, status);
            return new Answer(Verdict.GONE, null);
        }
        if (status < 200 || status > 299) {
            LOG.info("Could not read the client registration at {}: HTTP {}; using it as it is", host, status);
            return Answer.UNANSWERED;
        }
        return new Answer(Verdict.KNOWN, tokenIn(client, host, response));
    }

    /** The registration access token of a readable answer about this very client, else null. */
    private static String tokenIn(SharedClient client, String host, HTTPResponse response) {
        try {
            ClientInformation info = ClientInformationResponse.parse(response).getClientInformation();
            if (!client.clientId().equals(info.getID().getValue()) || info.getRegistrationAccessToken() == null) {
                return null;
            }
            return info.getRegistrationAccessToken().getValue();
        } catch (ParseException | RuntimeException e) {
            LOG.debug("The client registration at {} answered HTTP {} with a body that is not client information",
                    host, response.getStatusCode());
            return null;
        }
    }
}
