package io.github.mcpoauth.internal.oauth;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Sends a token request with a DPoP proof (RFC 9449 section 5) when the tokens are to be bound to
 * a key: keeps any nonce the AS sends (section 8.2) and, when the AS answers {@code use_dpop_nonce}
 * with a {@code DPoP-Nonce} (section 8), sends the request once more, rebuilt, so its proof carries
 * the nonce (and a client assertion, if any, is fresh too). Without a key the request goes as is.
 */
final class DpopTokenRequests {

    private final OAuthHttp http;
    private final Dpop dpop;

    DpopTokenRequests(OAuthHttp http, Dpop dpop) {
        this.http = http;
        this.dpop = dpop;
    }

    /** @param key the DPoP key (private JWK, JSON) the tokens are bound to; null for none */
    CompletableFuture<HTTPResponse> send(Supplier<HTTPRequest> request, String key) {
        if (key == null) {
            return http.send(request.get());
        }
        return sendWithProof(request, key).thenCompose(response -> isNonceChallenge(response)
                ? sendWithProof(request, key)
                : CompletableFuture.completedFuture(response));
    }

    private CompletableFuture<HTTPResponse> sendWithProof(Supplier<HTTPRequest> request, String key) {
        HTTPRequest built = request.get();
        built.setHeader("DPoP", dpop.tokenRequestProof(key, built.getURI()));
        return http.send(built).thenApply(response -> {
            dpop.rememberAsNonce(key, built.getURI(), response.getHeaderValues("DPoP-Nonce"));
            return response;
        });
    }

    private static boolean isNonceChallenge(HTTPResponse response) {
        return response.getStatusCode() == 400 && response.getHeaderValue("DPoP-Nonce") != null
                && "use_dpop_nonce".equals(TokenEndpoint.errorCode(response));
    }
}
