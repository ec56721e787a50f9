package io.castellan.platform;

/** One bad field of a request and why, as shown in a problem response. */
public record FieldError(String field, String reason) {
}
