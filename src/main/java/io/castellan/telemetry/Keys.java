package io.castellan.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The attributes Castellan puts on its spans and metrics: OpenTelemetry's GenAI semantic
 * conventions ({@code gen_ai.*}, as of semantic conventions 1.37) and Castellan's own.
 */
public final class Keys {

    public static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    public static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    public static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    public static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    public static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    public static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    public static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    public static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
    public static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
    public static final AttributeKey<String> CONVERSATION = AttributeKey.stringKey("gen_ai.conversation.id");
    public static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    public static final AttributeKey<String> TOOL_CALL = AttributeKey.stringKey("gen_ai.tool.call.id");
    public static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
    public static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    public static final AttributeKey<String> PROCESS = AttributeKey.stringKey("castellan.process");
    public static final AttributeKey<String> INVOCATION = AttributeKey.stringKey("castellan.invocation.id");
    public static final AttributeKey<String> TRIGGER_KIND = AttributeKey.stringKey("castellan.trigger.kind");
    public static final AttributeKey<String> STATUS = AttributeKey.stringKey("castellan.status");
    public static final AttributeKey<Double> COST_USD = AttributeKey.doubleKey("castellan.cost_usd");
    public static final AttributeKey<Boolean> RESUMED = AttributeKey.booleanKey("castellan.resumed");
    public static final AttributeKey<Boolean> RETRIED = AttributeKey.booleanKey("castellan.retried");
    public static final AttributeKey<Boolean> REPEATED = AttributeKey.booleanKey("castellan.trigger.repeated");
    public static final AttributeKey<Long> TURN = AttributeKey.longKey("castellan.turn");
    public static final AttributeKey<Long> STEP = AttributeKey.longKey("castellan.step");
    public static final AttributeKey<String> SERVER = AttributeKey.stringKey("castellan.server");
    public static final AttributeKey<String> CHECK = AttributeKey.stringKey("castellan.check");

    private Keys() {
    }
}
