package io.github.mcpoauth.cdi;

import io.github.mcpoauth.client.McpClientManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** An application's beans, as CdiIntegrationTest's container sees them. */
final class Beans {

    private Beans() {
    }

    /** Where an app would use the manager: a request-scoped bean. */
    @RequestScoped
    public static class OwnerServers {

        @Inject
        McpClientManager manager;

        public McpClientManager manager() {
            return manager;
        }
    }

    /** An app-wide bean that looks the manager up per call, as the refusal message advises. */
    @ApplicationScoped
    public static class PerCallLookup {

        @Inject
        Instance<McpClientManager> managers;

        public String owner() {
            return managers.get().owner();
        }
    }

    /** An app-wide bean that would keep the first caller's manager: refused. */
    @ApplicationScoped
    public static class HeldManager {

        @Inject
        McpClientManager manager;

        public String owner() {
            return manager.owner();
        }
    }

    /** Observes the state changes the module fires. */
    @ApplicationScoped
    public static class StateChanges {

        static final BlockingQueue<McpServerStateChanged> SEEN = new LinkedBlockingQueue<>();

        void changed(@Observes McpServerStateChanged change) {
            SEEN.add(change);
        }
    }

    /** The same, in the second container only, so its events cannot come from the first. */
    @ApplicationScoped
    public static class SecondContainerChanges {

        static final BlockingQueue<McpServerStateChanged> SEEN = new LinkedBlockingQueue<>();

        void changed(@Observes McpServerStateChanged change) {
            SEEN.add(change);
        }
    }
}
