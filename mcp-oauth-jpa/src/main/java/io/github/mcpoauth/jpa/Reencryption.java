package io.github.mcpoauth.jpa;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfigException;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites every stored secret that is not under the newest token key, so an earlier key can be
 * retired: run when the store opens, one transaction per table. The rows it rewrites are locked
 * for writing while it works, so a concurrent save on another node is never overwritten with the
 * older value this read; a token row also gets a new revision, so a compare-and-set that read it
 * before re-reads. A value under a key that is not configured at all fails here, at startup, rather
 * than at the first read of that row. Skipped once a full check found everything under the token
 * key and nothing rotated since ({@link SealMark}): the queries read every row.
 */
final class Reencryption {

    private record Table<E>(String entity, Class<E> type, List<String> columns, BiConsumer<E, TokenCipher> reseal) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Reencryption.class);

    private static final List<Table<?>> TABLES = List.of(
            new Table<>("McpServer", ServerEntity.class, List.of("headersEnc", "clientSecretEnc"),
                    (row, cipher) -> row.fill(row.toServer(cipher), cipher)),
            new Table<>("McpClientRegistration", ClientRegistrationEntity.class, List.of("clientSecretEnc"),
                    (row, cipher) -> row.fill(row.toRegistration(cipher), cipher)),
            new Table<>("McpRegisteredClient", SharedClientEntity.class,
                    List.of("clientSecretEnc", "registrationAccessTokenEnc"),
                    (row, cipher) -> row.fill(row.toClient(cipher), cipher)),
            new Table<>("McpToken", TokenEntity.class, List.of("accessTokenEnc", "refreshTokenEnc", "dpopKeyEnc"),
                    (row, cipher) -> row.fill(row.toTokens(cipher), cipher)),
            new Table<>("McpPendingAuthorization", PendingAuthorizationEntity.class,
                    List.of("stateEnc", "codeVerifierEnc", "authUrlEnc"),
                    (row, cipher) -> row.fill(row.toPending(cipher), cipher)));

    private Reencryption() {
    }

    /**
     * Re-encrypts at open and logs what it did.
     *
     * @throws McpOAuthConfigException naming {@code mcp.oauth.previous-token-keys} when a value is
     *     under a key that is not configured
     */
    static void atOpen(Transactions tx, TokenCipher cipher, String database) {
        int rows;
        try {
            rows = run(tx, cipher);
        } catch (McpOAuthException e) {
            if (e.getCause() instanceof TokenCipher.WrongKeyException wrong) {
                throw McpOAuthConfigException.forKey(ConfigKey.PREVIOUS_TOKEN_KEYS, "the data in " + database + ": "
                        + wrong.getMessage() + "; add that key to " + ConfigKey.PREVIOUS_TOKEN_KEYS.key());
            }
            throw e;
        }
        if (rows > 0 || !cipher.previousKeyIds().isEmpty()) {
            LOG.info("MCP OAuth store: re-encrypted {} rows under token key id {}; no row is under key ids {} now,"
                    + " so they can be removed from {} once no node encrypts with them", rows, cipher.keyId(),
                    cipher.previousKeyIds(), ConfigKey.PREVIOUS_TOKEN_KEYS.key());
        }
    }

    /** @return the number of rows rewritten under the newest key */
    static int run(Transactions tx, TokenCipher cipher) {
        int rows = 0;
        for (Table<?> table : TABLES) {
            rows += reseal(tx, cipher, table);
        }
        return rows;
    }

    private static <E> int reseal(Transactions tx, TokenCipher cipher, Table<E> table) {
        String notCurrent = table.columns().stream()
                .map(c -> "(r." + c + " is not null and r." + c + " not like :current)")
                .collect(Collectors.joining(" or "));
        return tx.run("re-encrypt " + table.entity(), em -> {
            List<E> stale = em.createQuery("select r from " + table.entity() + " r where " + notCurrent, table.type())
                    .setParameter("current", cipher.currentPrefix() + "%")
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .getResultList();
            stale.forEach(row -> table.reseal().accept(row, cipher));
            return stale.size();
        });
    }
}
