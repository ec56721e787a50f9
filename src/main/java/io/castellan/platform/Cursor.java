package io.castellan.platform;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/** Opaque page cursors: the client hands back what it was given. */
public final class Cursor {

    private Cursor() {
    }

    public static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this API returned");
        }
    }

    /** A position in a newest-first list ordered by a time and an id: the last row of the page before. */
    public record TimeAndId(Instant time, String id) {

        public String encode() {
            return Cursor.encode(time + "|" + id);
        }
    }

    /** The position a cursor from {@link TimeAndId#encode()} names; null for no cursor. */
    public static TimeAndId timeAndId(String cursor) {
        if (cursor == null) {
            return null;
        }
        String[] position = decode(cursor).split("\\|", 2);
        try {
            return new TimeAndId(Instant.parse(position[0]), position[1]);
        } catch (DateTimeParseException | ArrayIndexOutOfBoundsException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this API returned");
        }
    }

    /** Checks a {@code limit} query parameter: absent means the default. */
    public static int limit(Integer limit, int defaultLimit, int max) {
        if (limit == null) {
            return defaultLimit;
        }
        if (limit < 1 || limit > max) {
            throw ProblemException.invalid("limit", "must be between 1 and " + max);
        }
        return limit;
    }
}
