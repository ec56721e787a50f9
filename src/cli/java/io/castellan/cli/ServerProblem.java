package io.castellan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** An error answer from the server, as its RFC 9457 problem: title, detail and field errors. */
final class ServerProblem extends RuntimeException {

    private final int status;
    private final String title;
    private final String detail;
    private final List<String> fieldErrors;

    ServerProblem(int status, JsonNode body) {
        super("HTTP " + status);
        this.status = status;
        this.title = body != null && body.hasNonNull("title") ? body.get("title").asText() : "HTTP " + status;
        this.detail = body != null && body.hasNonNull("detail") ? body.get("detail").asText() : null;
        this.fieldErrors = new ArrayList<>();
        if (body != null) {
            for (JsonNode error : body.path("errors")) {
                fieldErrors.add(error.path("field").asText() + ": " + error.path("reason").asText());
            }
        }
    }

    int status() {
        return status;
    }

    List<String> fieldErrors() {
        return fieldErrors;
    }

    /** What the user reads: the title, the detail, then one line per field error. */
    String describe() {
        StringBuilder text = new StringBuilder(title);
        if (detail != null && !detail.isBlank()) {
            text.append(": ").append(detail);
        }
        for (String error : fieldErrors) {
            text.append(System.lineSeparator()).append("  ").append(error);
        }
        return text.toString();
    }
}
