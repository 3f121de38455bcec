package io.github.mcpoauth.web;

import java.nio.file.Path;
import java.util.Map;

/** An embedded servlet container running the WAR directory in one or more contexts, on 127.0.0.1. */
interface Container extends AutoCloseable {

    /** Deploys {@code war} at each context path with those context-params (the WAR stays unmodified). */
    default void start(Path war, Map<String, Map<String, String>> contexts) throws Exception {
        Map<String, Path> wars = new java.util.LinkedHashMap<>();
        contexts.keySet().forEach(path -> wars.put(path, war));
        start(wars, contexts);
    }

    /** Deploys the WAR of each context path with that path's context-params (none when absent). */
    void start(Map<String, Path> wars, Map<String, Map<String, String>> contexts) throws Exception;

    /** Listens on {@code port} instead of a free one, for configuration that must name it; call before start. */
    Container onPort(int port);

    /** A servlet context attribute of the context deployed at {@code contextPath}, or null. */
    Object attribute(String contextPath, String name);

    /** {@code http://127.0.0.1:<port>} */
    String origin();

    @Override
    void close() throws Exception;
}
