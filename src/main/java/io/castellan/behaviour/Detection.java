package io.castellan.behaviour;

import java.util.List;

/**
 * What a detector found: which detector, in words, and the calls or replies that are the evidence.
 *
 * @param detector stuck, loop, empty_responses or error_rate
 */
record Detection(String detector, String description, List<Observation> evidence) {

    long lastSeq() {
        return evidence.get(evidence.size() - 1).seq();
    }
}
