package io.github.mcpoauth.internal.http;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The executor the module's JDK client is built with. The JDK's {@code send} starts an exchange on
 * the calling thread and hops to the executor only where its selector thread would otherwise run the
 * work; its {@code sendAsync} hands the start to the executor instead, which costs a thread's
 * wake-up before the request is written. {@link #startHere} gives {@code sendAsync} what
 * {@code send} does: what the JDK hands over while it starts the exchange runs on the calling
 * thread, up to the point where it waits for the network, never on the JDK's selector thread.
 * Everything else goes to the pool. Only a client whose connections need no look-up by the JDK
 * (every host goes through the {@link ConnectTunnel} or is an IP literal) uses it, so the calling
 * thread never waits on DNS.
 */
final class ExchangeExecutor implements Executor {

    private static final String JDK_SELECTOR = "jdk.internal.net.http.HttpClientImpl$SelectorManager";

    private final Executor pool;
    private final ThreadLocal<Boolean> starting = new ThreadLocal<>();

    ExchangeExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        if (starting.get() != null) {
            task.run();
        } else {
            pool.execute(task);
        }
    }

    /** Calls {@code send}, running what it hands to this executor on this thread. */
    <T> T startHere(Supplier<T> send) {
        if (starting.get() != null || Thread.currentThread().getClass().getName().equals(JDK_SELECTOR)) {
            return send.get();
        }
        starting.set(Boolean.TRUE);
        try {
            return send.get();
        } finally {
            starting.remove();
        }
    }
}
