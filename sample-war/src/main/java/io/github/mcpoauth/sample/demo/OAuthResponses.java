package io.github.mcpoauth.sample.demo;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.http.JakartaServletUtils;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Writes Nimbus OAuth responses to the servlet response, with the no-store caching tokens need (RFC 6749 section 5.1). */
final class OAuthResponses {

    /** Largest request body the demo endpoints read. */
    static final long MAX_BODY = 64 * 1024;

    private OAuthResponses() {
    }

    static void write(HTTPResponse nimbus, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        JakartaServletUtils.applyHTTPResponse(nimbus, response);
    }

    static void tokenError(ErrorObject error, HttpServletResponse response) throws IOException {
        write(new TokenErrorResponse(error).toHTTPResponse(), response);
    }
}
