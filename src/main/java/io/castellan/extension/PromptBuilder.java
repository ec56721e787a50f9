package io.castellan.extension;

/**
 * Writes the system prompt of the processes that name it ({@code prompt_builder: name}), for
 * provider models. A CDI bean implementing this interface is found by its {@link #name()}.
 */
public interface PromptBuilder {

    String name();

    /** @param castellans the system prompt Castellan would give: the manifest's instructions and what the agent is */
    String systemPrompt(HookContext context, String castellans);
}
