package io.castellan.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;

/**
 * A tool that runs another one with something of its own around it (an approval's decision, an
 * extension's hooks): it is that tool in every other respect.
 */
public interface WrappingTool extends Tool {

    /** The tool it runs. */
    Tool tool();

    @Override
    default String name() {
        return tool().name();
    }

    @Override
    default ToolSpecification specification() {
        return tool().specification();
    }

    @Override
    default boolean transactional() {
        return tool().transactional();
    }

    @Override
    default Fetched beforeTransaction(ToolContext context, JsonNode args, Outside outside) {
        return tool().beforeTransaction(context, args, outside);
    }

    @Override
    default boolean takesSecrets() {
        return tool().takesSecrets();
    }
}
