package io.github.mcpoauth.client;

import io.github.mcpoauth.config.McpOAuthConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The request timeout of one server's requests, kept by the module so that a question to the user
 * can hold it: a server that sends {@code elicitation/create} while a tool call runs (MCP 2025-11-25
 * "Elicitation") cannot answer the call before the user answers it. When
 * {@code mcp.oauth.request-timeout} has passed and the server has an elicitation pending, the
 * request waits until every elicitation pending then is settled (answered, or cancelled at its
 * {@code mcp.oauth.elicitation-timeout}), and then has the request timeout again for the server to
 * finish. The SDK's own request timeout is set to {@link #longest}, a backstop this never exceeds
 * for one elicitation. The elicitation is not tied to the request that caused it (the SDK does not
 * say which one did): any pending elicitation of the same owner's server holds all its requests.
 */
final class RequestDeadline {

    private final ScheduledExecutorService scheduler;
    private final Duration timeout;
    private final Supplier<CompletableFuture<Void>> elicitationsSettled;

    /** @param elicitationsSettled completes when the elicitations the server has pending are settled; null for none */
    RequestDeadline(ScheduledExecutorService scheduler, Duration timeout,
            Supplier<CompletableFuture<Void>> elicitationsSettled) {
        this.scheduler = scheduler;
        this.timeout = timeout;
        this.elicitationsSettled = elicitationsSettled;
    }

    /**
     * The longest a request can wait: the request timeout, an elicitation's timeout that began just
     * before it ended, and the request timeout again.
     */
    static Duration longest(McpOAuthConfig config) {
        return config.requestTimeout().multipliedBy(2).plus(config.elicitationTimeout());
    }

    /** Fails {@code call} with a {@link TimeoutException} once its time is up; returns {@code call}. */
    <T> CompletableFuture<T> watch(CompletableFuture<T> call) {
        if (call.isDone()) {
            return call;
        }
        try {
            ScheduledFuture<?> timer = scheduler.schedule(() -> expire(call), timeout.toMillis(), TimeUnit.MILLISECONDS);
            call.whenComplete((value, error) -> timer.cancel(false));
        } catch (RejectedExecutionException closed) {
            expire(call);
        }
        return call;
    }

    private <T> void expire(CompletableFuture<T> call) {
        if (call.isDone()) {
            return;
        }
        CompletableFuture<Void> settled = scheduler.isShutdown() ? null : elicitationsSettled.get();
        if (settled == null) {
            call.completeExceptionally(new TimeoutException(
                    "no answer within " + timeout.toMillis() + " ms"));
            return;
        }
        settled.whenComplete((value, error) -> watch(call));
    }
}
