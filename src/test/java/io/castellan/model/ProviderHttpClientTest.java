package io.castellan.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderHttpClientTest {

    private static HttpHeaders retryAfter(String value) {
        return HttpHeaders.of(Map.of("Retry-After", List.of(value)), (a, b) -> true);
    }

    @Test
    void readsAnAnswerUpToItsBoundAndRefusesALargerOne() {
        byte[] atTheBound = new byte[ProviderHttpClient.MAX_ANSWER_BYTES];
        Arrays.fill(atTheBound, (byte) 'a');
        assertThat(ProviderHttpClient.boundedText(new ByteArrayInputStream(atTheBound))).hasSize(ProviderHttpClient.MAX_ANSWER_BYTES);
        assertThat(ProviderHttpClient.boundedText(new ByteArrayInputStream("{\"é\": 1}".getBytes(StandardCharsets.UTF_8)))).isEqualTo("{\"é\": 1}");

        byte[] over = new byte[ProviderHttpClient.MAX_ANSWER_BYTES + 1];
        assertThatThrownBy(() -> ProviderHttpClient.boundedText(new ByteArrayInputStream(over)))
                .hasMessage("the answer is larger than 8 MiB");
    }

    @Test
    void readsSecondsAndDates() {
        assertThat(ProviderHttpClient.retryAfter(retryAfter("7"))).isEqualTo(Duration.ofSeconds(7));
        String inTwoMinutes = ZonedDateTime.now().plusMinutes(2).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(ProviderHttpClient.retryAfter(retryAfter(inTwoMinutes))).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(120));
    }

    @Test
    void boundsTheWaitAndIgnoresNonsense() {
        assertThat(ProviderHttpClient.retryAfter(retryAfter("86400"))).isEqualTo(Duration.ofMinutes(5));
        assertThat(ProviderHttpClient.retryAfter(retryAfter("soon"))).isNull();
        assertThat(ProviderHttpClient.retryAfter(HttpHeaders.of(Map.of(), (a, b) -> true))).isNull();
    }

    @Test
    void backsOffExponentiallyWithJitterUpToALimit() {
        for (int i = 0; i < 50; i++) {
            assertThat(ProviderModel.backoff(1)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
            assertThat(ProviderModel.backoff(3)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
            assertThat(ProviderModel.backoff(20)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
        }
    }
}
