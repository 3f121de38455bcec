package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The one conversion between the SDK's Reactor answers and the module's futures, signal by signal. */
class SdkAsyncTest {

    @Test
    void valuesEmptyAnswersAndErrorsArriveAsTheyAre() {
        assertEquals("v", SdkAsync.call(Mono.just("v")).join());
        assertNull(SdkAsync.call(Mono.empty()).join());
        IllegalStateException boom = new IllegalStateException("boom");
        ExecutionException failed = assertThrows(ExecutionException.class, () -> SdkAsync.call(Mono.error(boom)).get());
        assertSame(boom, failed.getCause());
    }

    @Test
    void cancellingTheFutureOrFailingItByADeadlineCancelsTheSdkCall() {
        AtomicInteger cancelled = new AtomicInteger();
        CompletableFuture<Object> byCaller = SdkAsync.call(Mono.never().doOnCancel(cancelled::incrementAndGet));
        byCaller.cancel(false);
        assertEquals(1, cancelled.get());

        CompletableFuture<Object> byDeadline = SdkAsync.call(Mono.never().doOnCancel(cancelled::incrementAndGet));
        byDeadline.completeExceptionally(new TimeoutException("deadline"));
        assertEquals(2, cancelled.get());
    }

    @Test
    void theEndOfItsScopeCancelsACallAndAScopeAlreadyOverStartsNone() {
        AtomicBoolean cancelled = new AtomicBoolean();
        CompletableFuture<String> attempt = new CompletableFuture<>();
        CompletableFuture<Object> call = SdkAsync.call(Mono.never().doOnCancel(() -> cancelled.set(true)), attempt);
        assertFalse(call.isDone());

        attempt.completeExceptionally(new TimeoutException("the attempt's deadline"));
        assertTrue(call.isCancelled());
        assertTrue(cancelled.get());

        AtomicBoolean subscribed = new AtomicBoolean();
        CompletableFuture<Object> late = SdkAsync.call(Mono.never().doOnSubscribe(s -> subscribed.set(true)), attempt);
        assertTrue(late.isCancelled());
        assertFalse(subscribed.get(), "nothing is sent for an attempt that is over");
    }

    @Test
    void aHookStartsItsWorkWhenTheSdkSubscribes() {
        AtomicInteger started = new AtomicInteger();
        Mono<String> hook = Mono.from(SdkAsync.hook(() -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture("token");
        }));
        assertEquals(0, started.get());
        assertEquals("token", SdkAsync.call(hook).join());
        assertEquals(1, started.get());
    }
}
