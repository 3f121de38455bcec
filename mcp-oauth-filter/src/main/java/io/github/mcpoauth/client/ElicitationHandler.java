package io.github.mcpoauth.client;

import java.util.concurrent.CompletableFuture;

/**
 * Answers servers' elicitation requests in application code instead of the owner's browser
 * ({@link McpClientService.Builder#elicitationHandler}). Called on the thread that received the
 * request, which must not block: do the work elsewhere and complete the future. The module still
 * applies the schema's defaults to an accepted form and checks it (an answer that does not conform
 * is an error to the server), and answers {@code cancel} when the future is not complete within
 * {@code mcp.oauth.elicitation-timeout}, cancelling the future then (return a future of your own
 * for each call).
 */
@FunctionalInterface
public interface ElicitationHandler {

    CompletableFuture<ElicitationAnswer> elicit(String owner, PendingElicitation elicitation);
}
