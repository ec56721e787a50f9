package io.castellan.platform;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochRandomGenerator;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Ids for rows inserted often (invocations, events, messages, memories, audit records): UUIDs of
 * version 7 (RFC 9562, made by FasterXML's java-uuid-generator), whose first 48 bits are the time
 * in milliseconds, so that new ids, as text as well, sort after older ones. An index that leads
 * with such an id then takes its new entries in its last pages, where random (version 4) UUIDs put
 * each in a page anywhere in it, and the database writes every page an insert changed at commit.
 * The other 74 bits are random, from a {@link SecureRandom} (not a counter within the
 * millisecond): an id is as hard to guess as a version 4 one. It does tell when it was made, which
 * the API shows beside it anyway (an invocation's {@code queued_at}, an event's {@code published_at}).
 */
public final class TimeOrderedIds {

    private static final TimeBasedEpochRandomGenerator GENERATOR = Generators.timeBasedEpochRandomGenerator(new SecureRandom());

    private TimeOrderedIds() {
    }

    /** A new id, as text (the canonical lower-case UUID form). */
    public static String next() {
        return GENERATOR.generate().toString();
    }

    /** A version 7 UUID for the given millisecond. */
    static UUID at(long epochMillis) {
        return GENERATOR.construct(epochMillis);
    }
}
