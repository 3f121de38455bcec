package io.github.mcpoauth.web;

import java.util.concurrent.CompletableFuture;

/** One route's handler; it must not block on a remote server (it returns a future instead). */
@FunctionalInterface
interface Endpoint {

    CompletableFuture<ApiResponse> handle(ApiCall call);
}
