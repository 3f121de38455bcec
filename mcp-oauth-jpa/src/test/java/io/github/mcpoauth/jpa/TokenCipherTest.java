package io.github.mcpoauth.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** AES-GCM at rest: versioned and key-named values, fresh IVs, and failures instead of garbage. */
class TokenCipherTest {

    private final TokenCipher cipher = cipher(TestKeys.KEY_256);

    @Test
    void valuesRoundTripAndCarryFormatAndKeyId() {
        String sealed = cipher.encrypt("tökén ☕", "ctx");

        assertTrue(sealed.startsWith("v1:" + cipher.keyId() + ":"), sealed);
        assertEquals(8, cipher.keyId().length());
        assertEquals("tökén ☕", cipher.decrypt(sealed, "ctx"));
        assertNull(cipher.encrypt(null, "ctx"));
        assertNull(cipher.decrypt(null, "ctx"));
    }

    @Test
    void everyEncryptionUsesAFreshIv() {
        assertNotEquals(cipher.encrypt("same", "ctx"), cipher.encrypt("same", "ctx"));
    }

    @Test
    void aValueDoesNotDecryptInAnotherContext() {
        String sealed = cipher.encrypt("secret", TokenCipher.context("mcp_oauth_token", "access_token", "alice", "s1"));

        assertThrows(TokenCipher.WrongKeyException.class,
                () -> cipher.decrypt(sealed, TokenCipher.context("mcp_oauth_token", "access_token", "bob", "s1")));
    }

    @Test
    void anotherKeyIsNamedAndAlteredValuesFail() {
        TokenCipher other = cipher(TestKeys.OTHER_KEY_256);
        String sealed = cipher.encrypt("secret", "ctx");

        TokenCipher.WrongKeyException wrongKey = assertThrows(TokenCipher.WrongKeyException.class, () -> other.decrypt(sealed, "ctx"));
        String altered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("AA") ? "BB" : "AA");

        assertEquals("an encrypted value was encrypted with key " + cipher.keyId() + ", but the configured key is "
                + other.keyId(), wrongKey.getMessage());
        assertThrows(TokenCipher.WrongKeyException.class, () -> cipher.decrypt(altered, "ctx"));
        assertThrows(TokenCipher.WrongKeyException.class, () -> cipher.decrypt("plain text", "ctx"));
    }

    private static TokenCipher cipher(String base64) {
        return new TokenCipher(new SecretKeySpec(Base64.getDecoder().decode(base64), "AES"));
    }
}
