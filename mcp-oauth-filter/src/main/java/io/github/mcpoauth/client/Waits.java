package io.github.mcpoauth.client;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** The synchronous API's one way to wait on the asynchronous one: bounded, failures as {@link McpOAuthException}. */
final class Waits {

    private Waits() {
    }

    /**
     * @param onTimeout the answer (or the exception it throws) when {@code timeout} passes first, the
     *     work left running; null: the work is cancelled and this throws {@code TIMEOUT}
     */
    static <T> T await(CompletableFuture<T> future, Duration timeout, Supplier<T> onTimeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (onTimeout != null) {
                return onTimeout.get();
            }
            future.cancel(true);
            throw new McpOAuthException(Code.TIMEOUT, "Timed out after " + timeout.toSeconds() + "s");
        } catch (ExecutionException e) {
            throw Failures.toException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new McpOAuthException(Code.UNAVAILABLE, "Interrupted");
        }
    }
}
