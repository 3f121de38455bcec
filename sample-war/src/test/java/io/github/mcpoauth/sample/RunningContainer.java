package io.github.mcpoauth.sample;

/** A container an integration test started: whether it still runs, and its log, for checks and failure messages. */
interface RunningContainer {

    boolean isAlive();

    /** The whole log so far. */
    String logText();

    /** The last {@code lines} lines of the log, for failure messages. */
    String logTail(int lines);
}
