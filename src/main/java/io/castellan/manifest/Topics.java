package io.castellan.manifest;

import java.util.regex.Pattern;

/**
 * The rules of event topics. A topic is words joined by dots ({@code pipeline.ingest.done}), each
 * word 1 or more of A-Z, a-z, 0-9, '_' and '-', at most 255 characters in all. A subscription's
 * pattern may also use {@code *} for exactly one word and {@code #} for zero or more words, as
 * whole words ({@code pipeline.*}, {@code audit.#}): the broker's own wildcard syntax, since the
 * broker does the matching.
 */
public final class Topics {

    public static final int MAX_LENGTH = 255;
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_-]+");

    private Topics() {
    }

    /** Why {@code topic} is not a topic to publish on, or null when it is one. */
    public static String topicProblem(String topic) {
        return problem(topic, false);
    }

    /** Why {@code pattern} is not a pattern to subscribe with, or null when it is one. */
    public static String patternProblem(String pattern) {
        return problem(pattern, true);
    }

    private static String problem(String topic, boolean pattern) {
        if (topic == null || topic.isEmpty()) {
            return "is required: words joined by dots, such as pipeline.done";
        }
        if (topic.length() > MAX_LENGTH) {
            return "has " + topic.length() + " characters; a topic has at most " + MAX_LENGTH;
        }
        for (String word : topic.split("\\.", -1)) {
            if (word.isEmpty()) {
                return "'" + topic + "' has an empty word: words are joined by single dots, with none at either end";
            }
            boolean wildcard = word.equals("*") || word.equals("#");
            if (wildcard && !pattern) {
                return "'" + topic + "' has the wildcard '" + word + "': events are published on a topic without wildcards";
            }
            if (!wildcard && !WORD.matcher(word).matches()) {
                return "'" + topic + "' has the word '" + word + "': a word is A-Z, a-z, 0-9, '_' and '-'"
                        + (pattern ? ", or a whole '*' (one word) or '#' (any words)" : "");
            }
        }
        return null;
    }
}
