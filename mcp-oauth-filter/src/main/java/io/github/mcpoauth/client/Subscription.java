package io.github.mcpoauth.client;

/** Cancels a listener registration. Idempotent. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    @Override
    void close();
}
