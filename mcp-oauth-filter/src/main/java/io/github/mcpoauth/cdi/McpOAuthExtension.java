package io.github.mcpoauth.cdi;

import io.github.mcpoauth.client.Subscription;
import io.github.mcpoauth.web.McpOAuthRuntime;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches the CDI integration on where a CDI container runs (registered in
 * {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}): adds {@link McpOAuthBeans}
 * and no other class, because the jar has no {@code beans.xml} and so is no bean archive. It also
 * holds the one subscription that turns the runtime's state changes into
 * {@link McpServerStateChanged} events, made once per runtime and closed at shutdown. Not final:
 * the container injects its extensions through a client proxy.
 */
public class McpOAuthExtension implements Extension {

    private static final Logger log = LoggerFactory.getLogger(McpOAuthExtension.class);

    private McpOAuthRuntime subscribed;
    private Subscription subscription;

    void addBeans(@Observes BeforeBeanDiscovery discovery, BeanManager beans) {
        discovery.addAnnotatedType(beans.createAnnotatedType(McpOAuthBeans.class), McpOAuthBeans.class.getName());
    }

    /** Fires {@code runtime}'s state changes through {@code events} from now on; once per runtime. */
    synchronized void subscribe(McpOAuthRuntime runtime, Event<Object> events) {
        if (runtime == subscribed) {
            return;
        }
        close();
        Event<McpServerStateChanged> changes = events.select(McpServerStateChanged.class);
        subscription = runtime.service().onServerStateChanged((owner, serverId) -> {
            try {
                changes.fire(new McpServerStateChanged(owner, serverId));
            } catch (RuntimeException e) {
                // an observer's failure must not reach the connection that changed
                log.warn("An observer of McpServerStateChanged failed: {}", e.getClass().getName());
            }
        });
        subscribed = runtime;
    }

    void shutdown(@Observes BeforeShutdown shutdown) {
        close();
    }

    private synchronized void close() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
            subscribed = null;
        }
    }
}
