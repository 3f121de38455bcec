package io.github.mcpoauth.testsupport;

/**
 * The selector thread each JDK {@code HttpClient} starts ({@code HttpClient-N-SelectorManager}): one
 * per client, and on Java 17 it ends only once its client is collected.
 */
public final class JdkSelectorThreads {

    private JdkSelectorThreads() {
    }

    public static boolean isSelector(Thread thread) {
        return thread.getName().startsWith("HttpClient-") && thread.getName().endsWith("-SelectorManager");
    }

    /** How many are alive now. */
    public static long count() {
        return Thread.getAllStackTraces().keySet().stream().filter(JdkSelectorThreads::isSelector).count();
    }
}
