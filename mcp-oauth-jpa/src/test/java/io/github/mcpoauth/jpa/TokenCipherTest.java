package io.github.mcpoauth.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
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

        assertEquals("an encrypted value was encrypted with key " + cipher.keyId() + ", which is neither the token key ("
                + other.keyId() + ") nor one of the previous token keys []", wrongKey.getMessage());
        assertThrows(TokenCipher.WrongKeyException.class, () -> cipher.decrypt(altered, "ctx"));
        assertThrows(TokenCipher.WrongKeyException.class, () -> cipher.decrypt("plain text", "ctx"));
    }

    @Test
    void aPreviousKeyDecryptsWhatItWroteWhileTheNewestKeyEncrypts() {
        String underOld = cipher.encrypt("secret", "ctx");
        TokenCipher rotated = new TokenCipher(key(TestKeys.OTHER_KEY_256), List.of(key(TestKeys.KEY_256)));

        String underNew = rotated.encrypt("secret", "ctx");

        assertEquals("secret", rotated.decrypt(underOld, "ctx"));
        assertTrue(underNew.startsWith(rotated.currentPrefix()), underNew);
        assertEquals("secret", rotated.decrypt(underNew, "ctx"));
        assertEquals(java.util.Set.of(cipher.keyId()), rotated.previousKeyIds());
        assertThrows(TokenCipher.WrongKeyException.class, () -> cipher.decrypt(underNew, "ctx"));
    }

    private static TokenCipher cipher(String base64) {
        return new TokenCipher(key(base64));
    }

    private static SecretKeySpec key(String base64) {
        return new SecretKeySpec(Base64.getDecoder().decode(base64), "AES");
    }
}
