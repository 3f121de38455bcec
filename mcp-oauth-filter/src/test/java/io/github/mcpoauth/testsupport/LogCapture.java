package io.github.mcpoauth.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Copies what is written to System.err while open, still passing it on. slf4j-simple, the tests'
 * logging binding, writes there and looks System.err up for every line, so this sees the log
 * lines of the test's own code and of a web application that brings slf4j-simple along.
 */
public final class LogCapture implements AutoCloseable {

    private final PrintStream original;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    private LogCapture() {
        original = System.err;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (copy) {
                    copy.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                synchronized (copy) {
                    copy.write(bytes, offset, length);
                }
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** Starts copying System.err. */
    public static LogCapture start() {
        return new LogCapture();
    }

    /** Everything written so far. */
    public String text() {
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }

    public List<String> lines() {
        return text().lines().toList();
    }

    /** Lines that are part of a printed stack trace. */
    public List<String> stackTraceLines() {
        return lines().stream().filter(l -> l.startsWith("\tat ") || l.startsWith("Caused by: ")).toList();
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(original);
    }
}
