package io.github.mcpoauth.client;

import io.github.mcpoauth.testsupport.BrowserStub;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Run in a JVM of its own by {@link CommonPoolTest}, with the common pool's parallelism at 1 so
 * that {@code CompletableFuture} starts a new thread for every task sent to its default executor.
 * Records every thread start with the stack that started it (JFR {@code jdk.ThreadStart}) during
 * full flows, a restart and tool calls, and prints one {@code DEFAULT-EXECUTOR} line per start on
 * that executor caused by the module. The JDK HTTP client's own hop there (see
 * {@code RelayedExchange}) is counted apart: for answered exchanges, and for those that ended
 * without a head. With the argument {@code canary} it also sends one task
 * there itself, to show that such a start is seen.
 */
public final class CommonPoolProbe {

    private CommonPoolProbe() {
    }

    public static void main(String[] args) throws Exception {
        boolean canary = List.of(args).contains("canary");
        Path file = Files.createTempFile("common-pool-probe", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ThreadStart").withStackTrace();
            recording.start();
            flows(canary);
            recording.stop();
            recording.dump(file);
        }
        int jdkHops = 0;
        int unanswered = 0;
        int ours = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            List<RecordedFrame> frames = event.getStackTrace() == null ? List.of() : event.getStackTrace().getFrames();
            if (!onDefaultExecutor(frames)) {
                continue;
            }
            String submitter = firstOutsideConcurrency(frames);
            if (submitter.startsWith("jdk.internal.net.http.")) {
                if (endedWithoutHead(frames)) {
                    unanswered++;
                } else {
                    jdkHops++;
                    System.out.println("JDK-HTTP-HOP\n" + describe(event.getStackTrace()));
                }
            } else if (causedByModule(event, frames)) {
                ours++;
                System.out.println("DEFAULT-EXECUTOR started by " + submitter + "\n" + describe(event.getStackTrace()));
            }
        }
        Files.deleteIfExists(file);
        System.out.println("JDK-HTTP-HOPS " + jdkHops);
        System.out.println("JDK-HTTP-HOPS-WITHOUT-HEAD " + unanswered);
        System.out.println("MODULE-STARTS " + ours);
        System.exit(0);
    }

    private static void flows(boolean canary) throws Exception {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().start();
                TestMcpServer secure = TestMcpServer.builder().protectedBy(as).start();
                TestMcpServer open = TestMcpServer.builder().start()) {
            ClientHarness first = ClientHarness.withDefaults();
            McpClientManager alice = first.manager("alice");
            for (int flow = 0; flow < 3; flow++) {
                AddServerResult added = alice.addMcpServer("secure-" + flow, secure.url());
                AddServerResult done = first.service.completeAuthorization("alice",
                        new BrowserStub().authorize(added.authUrl())).get(30, TimeUnit.SECONDS);
                require(done.state() == ConnectionState.READY, "flow " + flow + " ended " + done.state());
                for (int call = 0; call < 10; call++) {
                    alice.callTool(added.id(), "echo", Map.of("text", "hi"));
                }
                alice.callToolAsync(added.id(), "echo", Map.of("text", "async")).get(30, TimeUnit.SECONDS);
            }
            AddServerResult plain = alice.addMcpServer("open", open.url());
            require(plain.state() == ConnectionState.READY, "open server " + plain.state());
            alice.reconnect(plain.id());
            alice.removeMcpServer(plain.id());
            first.close();

            try (ClientHarness restarted = new ClientHarness(Map.of(), Clock.systemUTC(), first.store)) {
                restarted.service.restore();
                McpClientManager back = restarted.manager("alice");
                String id = back.getMcpServers().servers().keySet().iterator().next();
                back.reconnect(id);
                back.callTool(id, "echo", Map.of("text", "after restart"));
                if (canary) {
                    CompletableFuture.supplyAsync(() -> "sent to the default executor").get(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static boolean onDefaultExecutor(List<RecordedFrame> frames) {
        return frames.stream().map(CommonPoolProbe::name).anyMatch(n -> n.startsWith(
                "java.util.concurrent.CompletableFuture$ThreadPerTaskExecutor.")
                || n.startsWith("java.util.concurrent.ForkJoinPool."));
    }

    /**
     * A hop the module cannot keep the JDK from taking: for an exchange cancelled before its head
     * came (the SDK closing a stream), or one that ended before the JDK's {@code sendAsync} had
     * returned its future.
     */
    private static boolean endedWithoutHead(List<RecordedFrame> frames) {
        return frames.stream().map(CommonPoolProbe::name).anyMatch(n -> n.equals("jdk.internal.net.http.MultiExchange.cancel")
                || n.equals("jdk.internal.net.http.HttpClientImpl.sendAsync"));
    }

    /** The code that handed the task over: the first frame past the executor and CompletableFuture. */
    private static String firstOutsideConcurrency(List<RecordedFrame> frames) {
        return frames.stream().map(CommonPoolProbe::name)
                .filter(n -> !n.startsWith("java.util.concurrent.") && !n.startsWith("java.lang.Thread."))
                .findFirst().orElse("?");
    }

    /**
     * Started on a module thread, or from module code (the probe's canary included), unless a test
     * fixture's own work started it: the SDK's server closes its sessions with a parallel stream.
     */
    private static boolean causedByModule(RecordedEvent event, List<RecordedFrame> frames) {
        String starter = event.getThread("eventThread") == null ? "" : event.getThread("eventThread").getJavaName();
        List<String> names = frames.stream().map(CommonPoolProbe::name).toList();
        return starter.startsWith("mcp-oauth-") || (names.stream().anyMatch(n -> n.startsWith("io.github.mcpoauth."))
                && names.stream().noneMatch(n -> n.startsWith("io.github.mcpoauth.testsupport.")));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String describe(RecordedStackTrace stack) {
        StringBuilder text = new StringBuilder();
        stack.getFrames().stream().limit(40).forEach(f -> text.append("    at ").append(name(f)).append('\n'));
        return text.toString();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
