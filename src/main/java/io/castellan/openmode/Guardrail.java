package io.castellan.openmode;

import io.castellan.tool.ToolException;

/** An agent's attempt beyond its open mode's limits: a tool error it reads, journaled as {@code GUARDRAIL}, and no change. */
final class Guardrail extends ToolException {

    Guardrail(String message) {
        super(message);
    }
}
