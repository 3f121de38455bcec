package io.github.mcpoauth.store;

/** The in-memory store passes the shared store contract. */
class InMemoryMcpStoreTest extends McpStoreContract {

    @Override
    protected McpStore newStore() {
        return new InMemoryMcpStore();
    }
}
