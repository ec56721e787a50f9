package io.castellan.platform;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Every text column's value as written: U+0000 becomes U+FFFD. JSON allows the NUL character in
 * a string and H2 stores it, but PostgreSQL's text columns cannot hold it: a memory or an inbox
 * message with one was a 500 there, and an invocation whose reply carried one (from its trigger's
 * payload) failed at its ending's commit. Applied to every String attribute (ids excepted), on
 * both databases, so that both keep the same text; JSON columns are unaffected, as Jackson writes
 * the character as a six-character escape.
 */
@Converter(autoApply = true)
public class StorableText implements AttributeConverter<String, String> {

    static final char NUL = '\u0000';
    static final char REPLACEMENT = '\uFFFD';

    @Override
    public String convertToDatabaseColumn(String text) {
        return stored(text);
    }

    /**
     * The text as a text column keeps it: for a native query's parameter compared with such a
     * column, which no converter sees (a JPQL query's goes through this converter).
     */
    public static String stored(String text) {
        return text == null || text.indexOf(NUL) < 0 ? text : text.replace(NUL, REPLACEMENT);
    }

    @Override
    public String convertToEntityAttribute(String stored) {
        return stored;
    }
}
