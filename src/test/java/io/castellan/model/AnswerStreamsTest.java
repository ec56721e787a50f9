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
}
