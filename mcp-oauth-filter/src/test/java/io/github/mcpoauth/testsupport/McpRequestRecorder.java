package io.github.mcpoauth.testsupport;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Counts the MCP HTTP requests, keeps their {@code Authorization} headers, and tracks how many GET
 * streams (SSE) are open: a GET counts until its async context completes, times out or fails.
 */
final class McpRequestRecorder implements Filter {

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger openStreams = new AtomicInteger();
    private final List<String> authorizationHeaders = new CopyOnWriteArrayList<>();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        requests.incrementAndGet();
        String authorization = http.getHeader("Authorization");
        if (authorization != null) {
            authorizationHeaders.add(authorization);
        }
        if (!"GET".equals(http.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        StreamCloser closer = new StreamCloser();
        openStreams.incrementAndGet();
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(closer);
            } else {
                closer.close();
            }
        }
    }

    int requestCount() {
        return requests.get();
    }

    int openStreamCount() {
        return openStreams.get();
    }

    List<String> authorizationHeaders() {
        return List.copyOf(authorizationHeaders);
    }

    /** Decrements the open stream count exactly once. */
    private final class StreamCloser implements AsyncListener {

        private final AtomicBoolean closed = new AtomicBoolean();

        void close() {
            if (closed.compareAndSet(false, true)) {
                openStreams.decrementAndGet();
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            close();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            close();
        }

        @Override
        public void onError(AsyncEvent event) {
            close();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
