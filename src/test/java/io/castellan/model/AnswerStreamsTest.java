package io.castellan.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerStreamsTest {

    private final AnswerStreams streams = new AnswerStreams();

    @Test
    void piecesAreReadFromAnyPointOfTheTurnBeingWritten() {
        assertThat(streams.after("i", 0)).as("nothing written for it here").isNull();
        streams.begin("i", 0);
        streams.piece("i", "The ");
        streams.piece("i", "");
        streams.piece("i", "tide ");
        streams.piece("i", "is in");
        assertThat(streams.after("i", 0)).isEqualTo(new AnswerStreams.Pieces(0, 1, java.util.List.of("The ", "tide ", "is in")));
        assertThat(streams.after("i", 2).pieces()).containsExactly("is in");
        assertThat(streams.after("i", 9).pieces()).isEmpty();
    }

    @Test
    void aRetryStartsTheTurnOverAndANewTurnStartsAfresh() {
        streams.begin("i", 3);
        streams.piece("i", "half an ans");
        streams.begin("i", 3);
        assertThat(streams.after("i", 0)).isEqualTo(new AnswerStreams.Pieces(3, 2, java.util.List.of()));
        streams.piece("i", "whole");
        streams.begin("i", 4);
        assertThat(streams.after("i", 0)).isEqualTo(new AnswerStreams.Pieces(4, 1, java.util.List.of()));
    }

    @Test
    void piecesForAnAnswerNotBegunHereAreDropped() {
        streams.piece("elsewhere", "lost");
        assertThat(streams.after("elsewhere", 0)).isNull();
    }

    @Test
    void whatIsWrittenHereIsToldToTheRelayNumbered() {
        java.util.List<String> told = new java.util.ArrayList<>();
        streams.relayTo(new AnswerStreams.Relay() {
            @Override
            public void begun(String invocationId, int turn, int attempt) {
                told.add("begun " + invocationId + " " + turn + "/" + attempt);
            }

            @Override
            public void piece(String invocationId, int turn, int attempt, int index, String text) {
                told.add(invocationId + " " + turn + "/" + attempt + " #" + index + " " + text);
            }
        });
        streams.begin("i", 2);
        streams.piece("i", "one ");
        streams.piece("i", "");
        streams.piece("i", "two");
        streams.begin("i", 2);
        streams.piece("i", "again");
        assertThat(told).containsExactly("begun i 2/1", "i 2/1 #0 one ", "i 2/1 #1 two", "begun i 2/2", "i 2/2 #0 again");
    }

    @Test
    void piecesFromAnotherServerAreKeptInOrderOnceEach() {
        streams.remote("i", 1, 1, 0, java.util.List.of("The ", "tide "));
        streams.remote("i", 1, 1, 1, java.util.List.of("tide ", "is "));
        assertThat(streams.after("i", 0)).as("a piece heard twice is kept once").isEqualTo(new AnswerStreams.Pieces(1, 1, java.util.List.of("The ", "tide ", "is ")));
        streams.remote("i", 1, 1, 5, java.util.List.of("late"));
        assertThat(streams.after("i", 0).pieces()).as("after a gap nothing is added out of place").containsExactly("The ", "tide ", "is ");
        streams.remote("i", 1, 2, 0, java.util.List.of());
        assertThat(streams.after("i", 0)).as("a retry elsewhere starts the turn over").isEqualTo(new AnswerStreams.Pieces(1, 2, java.util.List.of()));
        streams.remote("i", 2, 1, 0, java.util.List.of("next"));
        assertThat(streams.after("i", 0)).isEqualTo(new AnswerStreams.Pieces(2, 1, java.util.List.of("next")));
    }
}
