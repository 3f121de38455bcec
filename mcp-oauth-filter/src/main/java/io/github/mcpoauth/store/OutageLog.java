package io.github.mcpoauth.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs an outage of something every call depends on (a store's database, say) as a handful of
 * lines instead of a stack trace per failed call: one WARN when the first failure arrives, at most
 * one WARN reminder per interval (default a minute) with the number of calls that failed since the
 * last line, and one INFO when a call succeeds again, saying how long it lasted. Every failure,
 * with its stack trace, is logged at DEBUG only. A store under load that loses its database for
 * 20 seconds thus logs two or three lines, not thousands.
 *
 * <p>Thread-safe; the decision what to log is taken under a short lock, the logging outside it.
 * Callers report {@link #failed} for each call that failed because of the outage and
 * {@link #succeeded} for each call that worked (cheap when there is no outage).
 */
public final class OutageLog {

    /** How often an ongoing outage is mentioned again, at most. */
    public static final Duration DEFAULT_REMINDER = Duration.ofMinutes(1);

    private final Logger log;
    private final String subject;
    private final long reminderNanos;
    private final LongSupplier nanoTime;
    private volatile boolean ongoing;
    private long startedAt;
    private Instant startedAtInstant;
    private long lastLineAt;
    private long failures;
    private long failuresSinceLastLine;

    /**
     * @param subject what is out, for every line, e.g. {@code "MCP OAuth store: database jdbc:h2:..."};
     *     must name no secret
     */
    public OutageLog(Logger log, String subject) {
        this(log, subject, DEFAULT_REMINDER, System::nanoTime);
    }

    /** With a reminder interval and a clock of its own, for tests. */
    public OutageLog(Logger log, String subject, Duration reminder, LongSupplier nanoTime) {
        this.log = Objects.requireNonNull(log, "log");
        this.subject = Objects.requireNonNull(subject, "subject");
        this.reminderNanos = reminder.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** Whether an outage is going on now (a failure was reported and no success since). */
    public boolean ongoing() {
        return ongoing;
    }

    /** When the ongoing outage started (its first failed call), or empty when there is none: what a health summary reports. */
    public Optional<Instant> since() {
        if (!ongoing) {
            return Optional.empty();
        }
        synchronized (this) {
            return ongoing ? Optional.of(startedAtInstant) : Optional.empty();
        }
    }

    /**
     * One call failed because of the outage.
     *
     * @param detail what failed and why, one short line that names no secret and quotes no upstream body
     */
    public void failed(String detail, Throwable error) {
        long now = nanoTime.getAsLong();
        boolean first = false;
        long count = 0;
        Duration lasted = Duration.ZERO;
        synchronized (this) {
            failures++;
            failuresSinceLastLine++;
            if (!ongoing) {
                ongoing = true;
                first = true;
                startedAt = now;
                startedAtInstant = Instant.now();
                lastLineAt = now;
                failuresSinceLastLine = 0;
            } else if (now - lastLineAt >= reminderNanos) {
                count = failuresSinceLastLine;
                lasted = Duration.ofNanos(now - startedAt);
                lastLineAt = now;
                failuresSinceLastLine = 0;
            }
        }
        if (first) {
            log.warn("{} is unavailable: {}", subject, detail);
        } else if (count > 0) {
            log.warn("{} is still unavailable after {}: {} more failed calls (last: {})", subject, describe(lasted),
                    count, detail);
        }
        log.debug("{}: {}", subject, detail, error);
    }

    /** One call worked: ends an ongoing outage. */
    public void succeeded() {
        if (!ongoing) {
            return;
        }
        long now = nanoTime.getAsLong();
        long count;
        Duration lasted;
        synchronized (this) {
            if (!ongoing) {
                return;
            }
            ongoing = false;
            count = failures;
            lasted = Duration.ofNanos(now - startedAt);
            failures = 0;
        }
        log.info("{} is available again after {} ({} failed calls)", subject, describe(lasted), count);
    }

    private static String describe(Duration d) {
        return d.toSeconds() > 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
