package io.github.mcpoauth.testsupport;

import java.time.Instant;

/**
 * A DPoP proof the test authorization server or resource server accepted (RFC 9449 section 4.2),
 * recorded with its claims so tests can check them.
 *
 * @param at {@code token} (the token endpoint) or {@code resource} (an MCP request)
 * @param ath the access token hash, null at the token endpoint
 * @param nonce the server nonce the proof carried, null if none
 * @param jkt the SHA-256 thumbprint of the proof's public key (section 6.1)
 */
public record DpopProof(String at, String htm, String htu, Instant iat, String jti, String ath, String nonce,
        String jkt) {
}
