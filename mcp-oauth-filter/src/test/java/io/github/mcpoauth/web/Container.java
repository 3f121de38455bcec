package io.github.mcpoauth.web;

import java.nio.file.Path;
import java.util.Map;

/** An embedded servlet container running the WAR directory in one or more contexts, on 127.0.0.1. */
interface Container extends AutoCloseable {

    /** Deploys {@code war} at each context path with those context-params (the WAR stays unmodified). */
    void start(Path war, Map<String, Map<String, String>> contexts) throws Exception;

    /** {@code http://127.0.0.1:<port>} */
    String origin();

    @Override
    void close() throws Exception;
}
