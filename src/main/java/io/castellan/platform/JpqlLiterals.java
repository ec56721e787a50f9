package io.castellan.platform;

/**
 * Enum values written into JPQL as literals, not bound. On PostgreSQL a query must name the value
 * its partial index covers in its text (a queue's status, an event's trigger kind): PostgreSQL
 * matches a partial index only against a value it sees when it plans, and a bound one it does not.
 */
public final class JpqlLiterals {

    private JpqlLiterals() {
    }

    /** {@code value} as a JPQL literal: its enum's qualified name, a dot, its name. */
    public static String of(Enum<?> value) {
        return value.getDeclaringClass().getName() + "." + value.name();
    }
}
