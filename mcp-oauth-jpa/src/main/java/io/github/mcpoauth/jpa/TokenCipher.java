package io.github.mcpoauth.jpa;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts the store's secrets (tokens, client secrets, PKCE verifiers, authorization URLs) with
 * AES-GCM: a random 12-byte IV per value and a 128-bit tag, so a wrong key or a tampered value
 * fails instead of decrypting to garbage.
 *
 * <p>A value is written as {@code v1:<key id>:<base64url(iv || ciphertext || tag)>}. The key id is
 * derived from the key, so during a rotation the cipher holds several keys: the newest encrypts,
 * and a value is decrypted with the key its id names. Each value is bound to a context (what it is and whose row it sits in) as associated
 * data: a value copied into another column or another owner's row does not decrypt.
 */
final class TokenCipher {

    private static final String FORMAT = "v1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final String keyId;
    private final Map<String, SecretKey> decryptKeys;
    private final SecureRandom random = new SecureRandom();

    TokenCipher(SecretKey key) {
        this(key, List.of());
    }

    /**
     * @param key the newest key: it encrypts, and decrypts what it encrypted
     * @param previous earlier keys that only decrypt
     */
    TokenCipher(SecretKey key, List<SecretKey> previous) {
        this.key = Objects.requireNonNull(key, "key");
        this.keyId = keyIdOf(key.getEncoded());
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        keys.put(keyId, key);
        for (SecretKey old : previous) {
            keys.putIfAbsent(keyIdOf(old.getEncoded()), old);
        }
        this.decryptKeys = Map.copyOf(keys);
    }

    /** A short, non-secret name of the key: the first 4 bytes of SHA-256 over a label and the key. */
    static String keyIdOf(byte[] rawKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("mcp-oauth token key id".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(rawKey), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The context of a value: its parts joined with NUL, so no two different part lists collide in practice. */
    static String context(String... parts) {
        return String.join("\u0000", parts);
    }

    /** The id of the key that encrypts. */
    String keyId() {
        return keyId;
    }

    /** The ids of the earlier keys, which only decrypt. */
    Set<String> previousKeyIds() {
        Set<String> ids = new TreeSet<>(decryptKeys.keySet());
        ids.remove(keyId);
        return ids;
    }

    /** The start of every value the newest key writes, for finding values still under an earlier key. */
    String currentPrefix() {
        return FORMAT + ":" + keyId + ":";
    }

    /** Null stays null. */
    String encrypt(String plaintext, String context) {
        if (plaintext == null) {
            return null;
        }
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
            return FORMAT + ":" + keyId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Null stays null.
     *
     * @throws WrongKeyException when the value was written with another key, was moved from its
     *     context, or was altered
     */
    String decrypt(String stored, String context) {
        if (stored == null) {
            return null;
        }
        String[] parts = stored.split(":", 3);
        if (parts.length != 3 || !FORMAT.equals(parts[0])) {
            throw new WrongKeyException("is not a value this store encrypted", null);
        }
        SecretKey named = decryptKeys.get(parts[1]);
        if (named == null) {
            throw new WrongKeyException("was encrypted with key " + parts[1] + ", which is neither the token key ("
                    + keyId + ") nor one of the previous token keys " + previousKeyIds(), null);
        }
        try {
            byte[] in = Base64.getUrlDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, named, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new WrongKeyException("does not decrypt with key " + parts[1] + " (altered, or moved from another row)", e);
        }
    }

    /** A stored value cannot be decrypted with the configured key. The message never holds the value. */
    static final class WrongKeyException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        WrongKeyException(String problem, Throwable cause) {
            super("an encrypted value " + problem, cause);
        }
    }
}
