package io.castellan.manifest;

import java.util.Set;

/**
 * A manifest's {@code telemetry:} block.
 *
 * @param recordContent whether a model call's span carries what was asked and answered
 *                      ({@code gen_ai.input.messages}, {@code gen_ai.output.messages}); off unless
 *                      asked for, and secrets are placeholders there even then
 */
public record TelemetrySpec(boolean recordContent) {

    public static final TelemetrySpec NONE = new TelemetrySpec(false);

    static TelemetrySpec read(Fields manifest) {
        Fields telemetry = manifest.block("telemetry", Set.of("record_content"));
        return telemetry == null ? NONE : new TelemetrySpec(telemetry.bool("record_content", false));
    }
}
