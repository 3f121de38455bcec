package io.github.mcpoauth.testsupport;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves one of the module's threads running: a service it did not close,
 * or a code path (a refused deployment, say) that does not close what it started. Such a leak is an
 * undeploy that keeps the application's class loader alive, and, in this JVM, a later test that
 * counts threads failing for no fault of its own. Registered for every class by auto-detection.
 */
public final class NoThreadLeftBehind implements BeforeAllCallback, AfterAllCallback {

    private static final String PREFIX = "mcp-oauth-";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NoThreadLeftBehind.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put("before", moduleThreads());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        Set<String> before = (Set<String>) context.getStore(NAMESPACE).get("before");
        try {
            Await.until(Duration.ofSeconds(5), "the module's threads started by this class to end",
                    () -> started(before).isEmpty());
        } catch (AssertionError e) {
            throw new AssertionError(context.getDisplayName() + " left threads running: " + started(before), e);
        }
    }

    private static Set<String> started(Set<String> before) {
        Set<String> now = moduleThreads();
        now.removeAll(before);
        return now;
    }

    private static Set<String> moduleThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(t -> t.getName() + "#" + t.getId()).filter(n -> n.startsWith(PREFIX))
                .collect(Collectors.toSet());
    }
}
