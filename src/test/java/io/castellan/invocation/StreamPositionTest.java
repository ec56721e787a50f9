package io.castellan.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.platform.ProblemException;
import org.junit.jupiter.api.Test;

class StreamPositionTest {

    @Test
    void anEventIdIsReadBackAsThePositionItWasWrittenFrom() {
        StreamPosition at = StreamPosition.START.withSeq(41).withAnswer(2, 1, 17);
        assertThat(at.toString()).isEqualTo("41.2.1.17");
        assertThat(StreamPosition.parse(at.toString())).isEqualTo(at);
        assertThat(StreamPosition.parse(null)).isEqualTo(StreamPosition.START);
        assertThat(StreamPosition.parse(" ")).isEqualTo(StreamPosition.START);
    }

    @Test
    void anythingElseIsRefusedNamingTheHeader() {
        for (String wrong : new String[]{"yesterday", "1.2.3", "1.2.3.4.5", "-1.0.0.0", "1.-2.0.0", "9999999999999999999.0.0.0", "a.b.c.d"}) {
            assertThatThrownBy(() -> StreamPosition.parse(wrong)).as(wrong).isInstanceOf(ProblemException.class)
                    .satisfies(e -> assertThat(((ProblemException) e).errors()).singleElement()
                            .satisfies(error -> assertThat(error.field()).isEqualTo("Last-Event-ID")));
        }
    }
}
