package io.castellan.invocation;

import io.castellan.platform.ProblemException;

/**
 * Where an invocation's live stream is: the last journal entry it sent, and in the answer being
 * written, its turn, the call's attempt and how many pieces were sent. Written as an event id,
 * {@code seq.turn.attempt.piece}, and read back from {@code Last-Event-ID}.
 */
record StreamPosition(long seq, int turn, int attempt, int piece) {

    static final StreamPosition START = new StreamPosition(0, -1, 0, 0);

    StreamPosition withSeq(long newSeq) {
        return new StreamPosition(newSeq, turn, attempt, piece);
    }

    StreamPosition withAnswer(int newTurn, int newAttempt, int newPiece) {
        return new StreamPosition(seq, newTurn, newAttempt, newPiece);
    }

    @Override
    public String toString() {
        return seq + "." + turn + "." + attempt + "." + piece;
    }

    /** @throws ProblemException 400 naming Last-Event-ID when it is not an id this stream gave */
    static StreamPosition parse(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return START;
        }
        String[] parts = lastEventId.strip().split("\\.");
        try {
            if (parts.length == 4) {
                StreamPosition at = new StreamPosition(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
                        Integer.parseInt(parts[3]));
                if (at.seq >= 0 && at.turn >= -1 && at.attempt >= 0 && at.piece >= 0) {
                    return at;
                }
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw ProblemException.invalid("Last-Event-ID", "must be the id of an event this stream sent (four numbers, such as 12.0.1.40)");
    }
}
