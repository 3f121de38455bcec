package io.github.mcpoauth.internal.oauth;

import com.nimbusds.jwt.SignedJWT;
import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Workload identity assertions for the JWT-bearer grant (RFC 7523 section 2.1, MCP extension
 * {@code wif-jwt-bearer}), bound to the issuer they are meant for: a file ({@code mcp.oauth.workload-tokens},
 * e.g. a Kubernetes projected service account token, which the kubelet rotates in place) or a
 * supplier the application registered. Each grant reads afresh, so a rotated token is used at once;
 * nothing is cached here. Reading a file blocks: callers run on the blocking executor.
 */
final class WorkloadAssertions {

    private static final int MAX_BYTES = 64 * 1024;

    private final Map<String, String> files;
    private final Map<String, Supplier<String>> suppliers;

    WorkloadAssertions(Map<String, String> files, Map<String, Supplier<String>> suppliers) {
        this.files = Map.copyOf(files);
        this.suppliers = Map.copyOf(suppliers);
    }

    /** Whether a workload assertion is configured for exactly this issuer (RFC 8414 section 3.3). */
    boolean covers(String issuer) {
        return issuer != null && (suppliers.containsKey(issuer) || files.containsKey(issuer));
    }

    /** The current assertion for the issuer; the message names the source, never the token. */
    SignedJWT current(String issuer) {
        String token;
        String source;
        if (suppliers.containsKey(issuer)) {
            source = "the workload token supplier for " + issuer;
            try {
                token = suppliers.get(issuer).get();
            } catch (RuntimeException e) {
                throw unusable(source, "it failed");
            }
        } else {
            String file = files.get(issuer);
            source = "the workload token file " + file;
            token = read(Path.of(file), source);
        }
        if (token == null || token.isBlank()) {
            throw unusable(source, "it is empty");
        }
        try {
            return SignedJWT.parse(token.strip());
        } catch (ParseException e) {
            throw unusable(source, "it holds no signed JWT");
        }
    }

    private static String read(Path file, String source) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw unusable(source, "it is larger than " + MAX_BYTES + " bytes");
            }
            return Files.readString(file);
        } catch (IOException e) {
            throw unusable(source, "it cannot be read");
        }
    }

    private static McpOAuthException unusable(String source, String why) {
        return new McpOAuthException(Code.INVALID_REQUEST, ErrorText.sanitize("No workload identity assertion from "
                + source + ": " + why));
    }
}
