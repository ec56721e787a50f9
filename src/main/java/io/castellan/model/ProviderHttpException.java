package io.castellan.model;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;
import java.util.Optional;

/** A provider's error answer, with the wait its {@code Retry-After} header asked for. */
class ProviderHttpException extends HttpException {

    private final transient Duration retryAfter;

    ProviderHttpException(int statusCode, String body, Duration retryAfter) {
        super(statusCode, body);
        this.retryAfter = retryAfter;
    }

    Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Rate limits and server errors pass; the rest would fail again the same way. */
    boolean retriable() {
        return statusCode() == 429 || statusCode() >= 500;
    }
}
