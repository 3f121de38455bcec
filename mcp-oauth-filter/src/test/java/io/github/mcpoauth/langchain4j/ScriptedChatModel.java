package io.github.mcpoauth.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A chat model that answers a user message by calling the tool it names ({@code call <tool> <json>}),
 * then, once the tool result is in, answers {@code done: <result>}. Records every request.
 */
final class ScriptedChatModel implements ChatModel {

    final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public ChatResponse doChat(ChatRequest request) {
        requests.add(request);
        ChatMessage last = request.messages().get(request.messages().size() - 1);
        if (last instanceof ToolExecutionResultMessage result) {
            return ChatResponse.builder().aiMessage(AiMessage.from("done: " + result.text())).build();
        }
        String[] words = ((dev.langchain4j.data.message.UserMessage) last).singleText().split(" ", 3);
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("call-" + requests.size())
                .name(words[1]).arguments(words[2]).build();
        return ChatResponse.builder().aiMessage(AiMessage.from(call)).build();
    }

    List<String> toolNames(int request) {
        return requests.get(request).toolSpecifications().stream().map(ToolSpecification::name).sorted().toList();
    }

    ToolExecutionResultMessage toolResult(int request) {
        List<ChatMessage> messages = requests.get(request).messages();
        return (ToolExecutionResultMessage) messages.get(messages.size() - 1);
    }
}
