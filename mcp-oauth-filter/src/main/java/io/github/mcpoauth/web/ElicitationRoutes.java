package io.github.mcpoauth.web;

import io.github.mcpoauth.client.ElicitationAnswer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /elicitations}: list the caller's pending elicitations and answer one. Answering is a POST
 * like every other change, so it passes the filter's origin (CSRF) and owner checks; an answer the
 * requested schema refuses is a 400 naming the field, and the elicitation keeps waiting.
 */
final class ElicitationRoutes {

    private ElicitationRoutes() {
    }

    static CompletableFuture<ApiResponse> list(ApiCall call) {
        return CompletableFuture.completedFuture(ApiResponse.ok(call.manager().getMcpServers().elicitations()));
    }

    /** {@code {action: accept|decline|cancel, content?: {...}}} → {@code {id, action}}. */
    static CompletableFuture<ApiResponse> answer(ApiCall call) {
        String id = call.param(0);
        ElicitationAnswer.Action action = ElicitationAnswer.Action.fromWireName(call.text("action", true));
        Object content = call.body().get("content");
        if (content != null && !(content instanceof Map<?, ?>)) {
            throw new ApiError(400, "invalid_request", "content must be an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) content;
        if (action != ElicitationAnswer.Action.ACCEPT && fields != null && !fields.isEmpty()) {
            throw new ApiError(400, "invalid_request", "only accept carries content");
        }
        call.manager().answerElicitation(id, new ElicitationAnswer(action, fields));
        return CompletableFuture.completedFuture(ApiResponse.ok(Map.of("id", id, "action", action.wireName())));
    }
}
