package io.github.mcpoauth.jpa;

import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.config.McpOAuthConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the AES key that encrypts secrets at rest: {@code mcp.oauth.token-key} (base64 of 16, 24
 * or 32 bytes) or, for the embedded database only, a key file beside it that is generated with
 * owner-only permissions on first start. A shared database needs the configured key, the same on
 * every node.
 *
 * <p>During a rotation {@code mcp.oauth.previous-token-keys} lists earlier keys (same format,
 * comma-separated); they only decrypt, and the key above stays the one that encrypts.
 */
final class TokenKeys {

    /** The embedded store's key file name, in {@code mcp.oauth.data-dir}. */
    static final String KEY_FILE = "mcp-oauth-token.key";

    private static final Logger LOG = LoggerFactory.getLogger(TokenKeys.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private TokenKeys() {
    }

    /** The key, where it came from (for error messages), and the earlier keys that only decrypt. */
    record TokenKey(SecretKey key, String source, List<SecretKey> previous) {

        TokenKey {
            previous = List.copyOf(previous);
        }

        TokenCipher cipher() {
            return new TokenCipher(key, previous);
        }
    }

    /**
     * @param embeddedDir the embedded database's directory; empty for an external database
     * @param databaseHasData whether the database already holds values encrypted with some key, in
     *     which case a missing key file is an error rather than a reason to make a new key
     */
    static TokenKey resolve(McpOAuthConfig config, Optional<Path> embeddedDir, boolean databaseHasData) {
        List<SecretKey> previous = config.previousTokenKeys().stream()
                .map(k -> decode(k, ConfigKey.PREVIOUS_TOKEN_KEYS, ConfigKey.PREVIOUS_TOKEN_KEYS.key()))
                .toList();
        TokenKey newest = resolveNewest(config, embeddedDir, databaseHasData);
        return new TokenKey(newest.key(), newest.source(), previous);
    }

    private static TokenKey resolveNewest(McpOAuthConfig config, Optional<Path> embeddedDir, boolean databaseHasData) {
        Optional<String> configured = config.tokenKey().map(String::strip).filter(s -> !s.isEmpty());
        if (configured.isPresent()) {
            return new TokenKey(decode(configured.get(), ConfigKey.TOKEN_KEY, ConfigKey.TOKEN_KEY.key()), ConfigKey.TOKEN_KEY.key(), List.of());
        }
        if (embeddedDir.isEmpty()) {
            throw McpOAuthConfigException.forKey(ConfigKey.TOKEN_KEY, "is required when the store uses "
                    + ConfigKey.JDBC_URL.key() + " or " + ConfigKey.DATASOURCE.key()
                    + " (every node sharing the database needs the same key); give base64 of 16, 24 or 32 random bytes");
        }
        Path file = embeddedDir.get().resolve(KEY_FILE);
        String source = "key file " + file + " (or " + ConfigKey.TOKEN_KEY.key() + ")";
        if (Files.exists(file)) {
            warnIfReadableByOthers(file);
            return new TokenKey(decode(read(file), ConfigKey.TOKEN_KEY, source), source, List.of());
        }
        if (databaseHasData) {
            throw McpOAuthConfigException.forKey(ConfigKey.TOKEN_KEY, "the embedded database in " + embeddedDir.get()
                    + " holds encrypted data but its key file " + file + " is missing; restore that file or set "
                    + ConfigKey.TOKEN_KEY.key() + " to the key it held");
        }
        return new TokenKey(generate(file), source, List.of());
    }

    private static SecretKey decode(String base64, ConfigKey configKey, String source) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.replaceAll("\\s", "").replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw McpOAuthConfigException.forKey(configKey, "the key from " + source + " is not valid base64");
        }
        if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
            throw McpOAuthConfigException.forKey(configKey, "the key from " + source
                    + " must be base64 of 16, 24 or 32 bytes (AES-128/192/256), got " + raw.length + " bytes");
        }
        return new SecretKeySpec(raw, "AES");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw McpOAuthConfigException.forKey(ConfigKey.TOKEN_KEY, "cannot read the key file " + file + ": " + e);
        }
    }

    /** Written to a temporary owner-only file first and then renamed, so a crash never leaves half a key. */
    private static SecretKey generate(Path file) {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        try {
            Path dir = file.getParent();
            Path tmp = posix(dir)
                    ? Files.createTempFile(dir, KEY_FILE, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(dir, KEY_FILE, ".tmp");
            Files.writeString(tmp, Base64.getEncoder().encodeToString(raw) + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            if (!posix(dir)) {
                LOG.warn("Generated token key file {} on a file system without POSIX permissions: restrict it to the app's user", file);
            } else {
                LOG.info("Generated token key file {} (owner-only); back it up with the database", file);
            }
        } catch (IOException e) {
            throw McpOAuthConfigException.forKey(ConfigKey.DATA_DIR, "cannot write the token key file " + file + ": " + e);
        }
        return new SecretKeySpec(raw, "AES");
    }

    private static boolean posix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void warnIfReadableByOthers(Path file) {
        if (!posix(file)) {
            return;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(perms)) {
                LOG.warn("Token key file {} is accessible to others ({}); restrict it with chmod 600",
                        file, PosixFilePermissions.toString(perms));
            }
        } catch (IOException e) {
            LOG.warn("Cannot read the permissions of token key file {}: {}", file, e.toString());
        }
    }
}
