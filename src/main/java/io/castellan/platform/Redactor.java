package io.castellan.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;

/**
 * Takes out of text what must never be stored or shown, such as the values of a process's secrets,
 * before the journal, an invocation's reply or the conversation keep it.
 */
public interface Redactor {

    String redact(String process, String text);

    /** A copy with every text value redacted; the node itself when there is nothing to take out. */
    JsonNode redact(String process, JsonNode node);

    /** Reads at once what redacting for these processes needs, for a batch about to write for all of them. */
    default void prepare(Collection<String> processes) {
    }
}
