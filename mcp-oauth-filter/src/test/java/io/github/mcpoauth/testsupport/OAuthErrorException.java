package io.github.mcpoauth.testsupport;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

/** An OAuth error the test authorization server's servlets answer with. */
final class OAuthErrorException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;

    OAuthErrorException(int status, String error, String description) {
        super(description);
        this.status = status;
        this.error = error;
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    String description() {
        return getMessage();
    }

    /** Answers with the RFC 6749 JSON error body. */
    void writeTo(HttpServletResponse response) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", getMessage());
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"test-authorization-server\"");
        }
        Json.send(response, status, body);
    }
}
