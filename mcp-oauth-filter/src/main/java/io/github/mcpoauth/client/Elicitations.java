package io.github.mcpoauth.client;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.internal.Deadlines;
import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.internal.oauth.ErrorText;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Servers' {@code elicitation/create} requests (MCP 2025-11-25 "Elicitation") waiting for their
 * owner, for every owner. Each is a future the SDK answers the server with when it completes: by
 * the owner's answer ({@link #answer}), by the app's {@link ElicitationHandler}, or with
 * {@code cancel} by a deadline on the module's scheduler; no thread waits for it. A timeout is
 * {@code cancel}, not {@code decline}: the spec keeps {@code decline} for a user's explicit refusal.
 * An owner holds at most {@code mcp.oauth.max-pending-elicitations}; more are refused with an error
 * to the server. Owners never see or answer each other's: every look-up is by owner first.
 */
final class Elicitations {

    private static final Logger log = LoggerFactory.getLogger(Elicitations.class);
    /** What a person reads at once; a longer message is refused, as it is kept (per owner, capped) until answered. */
    static final int MAX_MESSAGE = 4096;

    private record Pending(ServerKey key, PendingElicitation view, FormSchema schema,
            CompletableFuture<ElicitResult> answer) {
    }

    private final Map<String, Map<String, Pending>> byOwner = new ConcurrentHashMap<>();
    private final ElicitationHandler handler;
    private final Deadlines deadlines;
    private final Clock clock;
    private final Duration timeout;
    private final int maxPerOwner;
    private final boolean allowLoopback;
    private final Consumer<ServerKey> changed;

    Elicitations(ElicitationHandler handler, Deadlines deadlines, Clock clock, Duration timeout, int maxPerOwner,
            boolean allowLoopback, Consumer<ServerKey> changed) {
        this.handler = handler;
        this.deadlines = deadlines;
        this.clock = clock;
        this.timeout = timeout;
        this.maxPerOwner = maxPerOwner;
        this.allowLoopback = allowLoopback;
        this.changed = changed;
    }

    CompletableFuture<ElicitResult> form(ServerKey key, McpSchema.ElicitFormRequest request) {
        FormSchema schema;
        try {
            schema = FormSchema.parse(request.requestedSchema());
        } catch (IllegalArgumentException e) {
            return refused(McpSchema.ErrorCodes.INVALID_PARAMS, e.getMessage());
        }
        return open(key, PendingElicitation.FORM, request.message(), request.requestedSchema(), null, null, schema);
    }

    CompletableFuture<ElicitResult> url(ServerKey key, McpSchema.ElicitUrlRequest request) {
        String problem = ElicitationUrls.problem(request.url(), allowLoopback);
        if (problem != null) {
            return refused(McpSchema.ErrorCodes.INVALID_PARAMS, "url " + problem);
        }
        return open(key, PendingElicitation.URL, request.message(), null, request.url(), request.elicitationId(), null);
    }

    /** The server says the out-of-band interaction of a URL elicitation is over; nothing of ours waits for it. */
    void completed(ServerKey key, String elicitationId) {
        log.debug("MCP server {} completed URL elicitation {}", key.serverId(), ErrorText.sanitize(elicitationId));
    }

    private CompletableFuture<ElicitResult> open(ServerKey key, String mode, String message,
            Map<String, Object> requestedSchema, String url, String elicitationId, FormSchema schema) {
        if (message != null && message.length() > MAX_MESSAGE) {
            return refused(McpSchema.ErrorCodes.INVALID_PARAMS, "message is longer than " + MAX_MESSAGE + " characters");
        }
        Instant now = clock.instant();
        PendingElicitation view = new PendingElicitation(UUID.randomUUID().toString(), key.serverId(), mode,
                message == null ? "" : message, requestedSchema, url, elicitationId, now, now.plus(timeout));
        Pending pending = new Pending(key, view, schema, new CompletableFuture<>());
        Map<String, Pending> mine = byOwner.computeIfAbsent(key.owner(), o -> new ConcurrentHashMap<>());
        synchronized (mine) {
            if (mine.size() >= maxPerOwner) {
                return refused(McpSchema.ErrorCodes.INTERNAL_ERROR,
                        "The user has " + maxPerOwner + " unanswered elicitations; try again later");
            }
            mine.put(view.id(), pending);
        }
        pending.answer().whenComplete((result, error) -> {
            if (mine.remove(view.id(), pending) && handler == null) {
                changed.accept(key);
            }
        });
        deadlines.fallbackAfter(pending.answer(), new ElicitResult(ElicitResult.Action.CANCEL, null), timeout);
        if (handler == null) {
            changed.accept(key);
            return pending.answer();
        }
        return ask(pending);
    }

    /** The server hears the answer only once the handler has been told to stop, if it has not answered. */
    private CompletableFuture<ElicitResult> ask(Pending pending) {
        CompletableFuture<ElicitationAnswer> asked;
        try {
            asked = handler.elicit(pending.key().owner(), pending.view());
        } catch (RuntimeException e) {
            asked = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<ElicitationAnswer> handling = asked;
        asked.whenComplete((answer, error) -> {
            if (pending.answer().isDone()) {
                return;
            }
            try {
                if (error != null || answer == null) {
                    throw new IllegalStateException("the elicitation handler failed", error);
                }
                pending.answer().complete(result(pending, answer));
            } catch (RuntimeException e) {
                // the message may quote the server's field names: the log line says only what kind of failure
                log.warn("The elicitation handler's answer to MCP server {} was refused ({})", pending.key().serverId(),
                        e instanceof McpOAuthException ? "it does not match the requested schema" : "the handler failed");
                log.debug("Elicitation handler answer refused", e);
                pending.answer().completeExceptionally(error(McpSchema.ErrorCodes.INTERNAL_ERROR,
                        "The client could not answer the elicitation"));
            }
        });
        // answered otherwise (the deadline, the server removed): tell the handler to stop
        return pending.answer().whenComplete((result, error) -> handling.cancel(false));
    }

    /** What {@code owner} has waiting, oldest first. */
    List<PendingElicitation> pending(String owner) {
        Map<String, Pending> mine = handler == null ? byOwner.get(owner) : null;
        return mine == null ? List.of() : mine.values().stream().map(Pending::view)
                .sorted(Comparator.comparing(PendingElicitation::createdAt).thenComparing(PendingElicitation::id))
                .toList();
    }

    /**
     * Answers {@code owner}'s elicitation {@code id}: {@code NOT_FOUND} unless it is theirs and still
     * waiting; {@code INVALID_REQUEST} naming the field when an accepted form does not conform, and
     * then it keeps waiting.
     */
    void answer(String owner, String id, ElicitationAnswer answer) {
        Map<String, Pending> mine = handler == null ? byOwner.get(owner) : null;
        Pending pending = mine == null || id == null ? null : mine.get(id);
        if (pending == null) {
            throw new McpOAuthException(Code.NOT_FOUND, "No such elicitation: " + ErrorText.sanitize(String.valueOf(id)));
        }
        if (!pending.answer().complete(result(pending, answer))) {
            throw new McpOAuthException(Code.NOT_FOUND, "The elicitation was already answered or expired");
        }
    }

    /**
     * Completes once every elicitation {@code key} has pending now is settled (answered, declined,
     * cancelled or timed out); null when it has none pending.
     */
    CompletableFuture<Void> settled(ServerKey key) {
        Map<String, Pending> mine = byOwner.get(key.owner());
        CompletableFuture<?>[] waiting = mine == null ? new CompletableFuture<?>[0] : mine.values().stream()
                .filter(p -> p.key().equals(key)).map(Pending::answer).toArray(CompletableFuture<?>[]::new);
        return waiting.length == 0 ? null : CompletableFuture.allOf(waiting).exceptionally(error -> null);
    }

    /** Answers {@code cancel} to everything a removed server still waits for. */
    void cancelAll(ServerKey key) {
        Map<String, Pending> mine = byOwner.get(key.owner());
        if (mine != null) {
            mine.values().stream().filter(p -> p.key().equals(key))
                    .forEach(p -> p.answer().complete(new ElicitResult(ElicitResult.Action.CANCEL, null)));
        }
    }

    private static ElicitResult result(Pending pending, ElicitationAnswer answer) {
        ElicitResult.Action action = ElicitResult.Action.valueOf(answer.action().name());
        if (action != ElicitResult.Action.ACCEPT) {
            return new ElicitResult(action, null);
        }
        if (pending.schema() == null) {
            if (!answer.content().isEmpty()) {
                throw new McpOAuthException(Code.INVALID_REQUEST, "A URL elicitation is accepted without content");
            }
            return new ElicitResult(action, null);
        }
        return new ElicitResult(action, pending.schema().complete(answer.content()));
    }

    private static <T> CompletableFuture<T> refused(int code, String message) {
        return CompletableFuture.failedFuture(error(code, message));
    }

    private static McpError error(int code, String message) {
        return McpError.builder(code).message(message).build();
    }
}
