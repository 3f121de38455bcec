package io.github.mcpoauth.internal.http;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Run in a JVM of its own by {@link EarlyAnswerTest}, with the common pool's parallelism at 2, so
 * that the JDK HTTP client's last hop (to {@code CompletableFuture}'s default executor) goes to the
 * common pool, whose every worker this probe then keeps busy. It prints whether the JDK's own
 * {@code sendAsync} future completes meanwhile ({@code JDK-ANSWERED}) and what
 * {@link OwnedHttpClient} answers meanwhile ({@code OWNED-ANSWERED status body header thread}).
 */
public final class EarlyAnswerProbe {

    private EarlyAnswerProbe() {
    }

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Probe", "yes");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/answer");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
        CountDownLatch release = new CountDownLatch(1);
        int workers = ForkJoinPool.getCommonPoolParallelism();
        CountDownLatch busy = new CountDownLatch(workers);
        for (int i = 0; i < workers; i++) {
            ForkJoinPool.commonPool().execute(() -> {
                busy.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        HttpClient jdk = HttpClient.newHttpClient();
        OwnedHttpClient owned = OwnedHttpClient.create(Duration.ofSeconds(5), 2, null);
        try {
            if (!busy.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the common pool's workers did not start");
            }
            System.out.println("COMMON-POOL-WORKERS " + workers);
            CompletableFuture<HttpResponse<String>> plain = jdk.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            System.out.println("JDK-ANSWERED " + answered(plain, 2));
            CompletableFuture<String> thread = new CompletableFuture<>();
            HttpResponse<String> response = owned.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> thread.complete(Thread.currentThread().getName()))
                    .get(10, TimeUnit.SECONDS);
            System.out.println("OWNED-ANSWERED " + response.statusCode() + " " + response.body() + " "
                    + response.headers().firstValue("X-Probe").orElse("-") + " " + response.uri().equals(uri) + " "
                    + thread.get(10, TimeUnit.SECONDS));
        } finally {
            release.countDown();
            owned.close();
            server.stop(0);
        }
    }

    private static boolean answered(CompletableFuture<?> future, int seconds) throws Exception {
        try {
            future.get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }
}
