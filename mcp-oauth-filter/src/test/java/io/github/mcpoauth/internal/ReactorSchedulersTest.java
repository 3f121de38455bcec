package io.github.mcpoauth.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/** Reactor's global schedulers belong to whoever loaded reactor-core: only that application ends them. */
class ReactorSchedulersTest {

    @Test
    void reactorIsShutDownOnlyWhenTheApplicationLoadedIt() {
        ClassLoader unrelated = new URLClassLoader(new URL[0], null);
        assertFalse(ReactorSchedulers.shutdownIfLoadedBy(unrelated));
        assertFalse(ReactorSchedulers.shutdownIfLoadedBy(null));
        ClassLoader child = new URLClassLoader(new URL[0], unrelated);
        assertTrue(ReactorSchedulers.loadedBelow(child, unrelated));
        assertFalse(ReactorSchedulers.loadedBelow(unrelated, child));
    }
}
