package io.github.mcpoauth.springai;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * A chat model that answers a user message by calling the tool it names ({@code call <tool> <json>}),
 * then, once the tool response is in, answers {@code done: <response>}. Records every prompt.
 */
final class ScriptedSpringChatModel implements ChatModel {

    final List<Prompt> prompts = new CopyOnWriteArrayList<>();

    @Override
    public ChatResponse call(Prompt prompt) {
        prompts.add(prompt);
        Message last = prompt.getInstructions().get(prompt.getInstructions().size() - 1);
        if (last instanceof ToolResponseMessage response) {
            return answer(AssistantMessage.builder().content("done: " + response.getResponses().get(0).responseData())
                    .build());
        }
        String[] words = ((UserMessage) last).getText().split(" ", 3);
        AssistantMessage.ToolCall call = new AssistantMessage.ToolCall("call-" + prompts.size(), "function", words[1],
                words[2]);
        return answer(AssistantMessage.builder().content("").toolCalls(List.of(call)).build());
    }

    @Override
    public ChatOptions getOptions() {
        return ToolCallingChatOptions.builder().build();
    }

    private static ChatResponse answer(AssistantMessage message) {
        return new ChatResponse(List.of(new Generation(message)));
    }

    List<String> toolNames(int prompt) {
        return ((ToolCallingChatOptions) prompts.get(prompt).getOptions()).getToolCallbacks().stream()
                .map(c -> c.getToolDefinition().name()).sorted().toList();
    }

    ToolCallback tool(int prompt, String name) {
        return ((ToolCallingChatOptions) prompts.get(prompt).getOptions()).getToolCallbacks().stream()
                .filter(c -> c.getToolDefinition().name().equals(name)).findFirst().orElseThrow();
    }

    ToolResponseMessage.ToolResponse toolResponse(int prompt) {
        List<Message> messages = prompts.get(prompt).getInstructions();
        return ((ToolResponseMessage) messages.get(messages.size() - 1)).getResponses().get(0);
    }
}
