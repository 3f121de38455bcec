package io.github.mcpoauth.internal.telemetry;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The module's observability events, in the manner of the Agents SDK's {@code mcp:client:*}
 * events: one line per event on the logger {@value #LOGGER}, its message the event's name and its
 * fields SLF4J 2 key-value pairs with stable keys (a backend without key-value support gets them
 * as {@code key=value} text before the message). Connect, discover, authorize and close are INFO;
 * state changes are DEBUG.
 *
 * <p>No field carries a token, a code, a URL or anything a server wrote. The owner is an
 * application's user name, often an e-mail address, so it appears as {@code owner}, a keyed hash
 * (HMAC-SHA-256 under a key drawn when the service starts, 12 hex digits): the events of one owner
 * can be told apart and followed while the service runs, yet the hash cannot be reversed by
 * hashing guessed names, and it changes on every start.
 */
public final class McpEvents {

    public static final String LOGGER = "io.github.mcpoauth.events";
    public static final String CONNECT = "mcp:client:connect";
    public static final String DISCOVER = "mcp:client:discover";
    public static final String AUTHORIZE = "mcp:client:authorize";
    public static final String CLOSE = "mcp:client:close";
    public static final String STATE = "mcp:client:state";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private final SecretKeySpec ownerKey;

    public McpEvents() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.ownerKey = new SecretKeySpec(key, "HmacSHA256");
    }

    /** A connection attempt ended: {@code outcome} ready, or failed with {@code errorType}. */
    public void connect(String owner, String serverId, String transport, int attempt, String outcome,
            String errorType, long durationMs) {
        withError(event(Level.INFO, CONNECT, owner, serverId).addKeyValue("transport", transport)
                .addKeyValue("attempt", attempt).addKeyValue("outcome", outcome), errorType)
                .addKeyValue("duration_ms", durationMs).log();
    }

    /** What a new session offers was listed. */
    public void discover(String owner, String serverId, int tools, int prompts, int resources, long durationMs) {
        event(Level.INFO, DISCOVER, owner, serverId).addKeyValue("tools", tools).addKeyValue("prompts", prompts)
                .addKeyValue("resources", resources).addKeyValue("duration_ms", durationMs).log();
    }

    /**
     * An authorization moved on: {@code phase} started (the user is sent to authorize), completed
     * (tokens stored) or failed ({@code errorType}); {@code attempt} 0 when not known.
     */
    public void authorize(String owner, String serverId, String phase, int attempt, String errorType) {
        LoggingEventBuilder event = event(Level.INFO, AUTHORIZE, owner, serverId).addKeyValue("phase", phase);
        withError(attempt > 0 ? event.addKeyValue("attempt", attempt) : event, errorType).log();
    }

    /** A session was closed: {@code reason} application, idle, removed or shutdown. */
    public void close(String owner, String serverId, String reason) {
        event(Level.INFO, CLOSE, owner, serverId).addKeyValue("reason", reason).log();
    }

    /** A server's state changed. */
    public void state(String owner, String serverId, String from, String to) {
        event(Level.DEBUG, STATE, owner, serverId).addKeyValue("from", from).addKeyValue("to", to).log();
    }

    /** The owner as the events show it. */
    public String ownerTag(String owner) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(ownerKey);
            return HexFormat.of().formatHex(mac.doFinal(owner.getBytes(StandardCharsets.UTF_8)), 0, 6);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static LoggingEventBuilder withError(LoggingEventBuilder event, String errorType) {
        return errorType == null ? event : event.addKeyValue("error_type", errorType);
    }

    private LoggingEventBuilder event(Level level, String name, String owner, String serverId) {
        LoggingEventBuilder event = log.atLevel(level);
        if (!log.isEnabledForLevel(level)) {
            return event; // the no-op builder: nothing below is computed
        }
        return event.setMessage(name).addKeyValue("event", name).addKeyValue("owner", ownerTag(owner))
                .addKeyValue("server_id", serverId);
    }
}
