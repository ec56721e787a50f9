package io.castellan.invocation.live;

import java.util.List;

/**
 * What one server tells the others of an answer being written: the pieces of an invocation's
 * turn and attempt from piece {@code from} on (none: the call began).
 */
record AnswerMessage(String invocation, int turn, int attempt, int from, List<String> pieces) {
}
