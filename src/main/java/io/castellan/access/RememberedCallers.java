package io.castellan.access;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Token hashes found recently, and whom they named: {@link Authenticator}'s memory, apart so its
 * rules can be tested without a server. An entry is trusted for a fixed time after its lookup;
 * a hash that names nobody is never kept; {@link #forgetAll} drops everything, and a lookup that
 * was under way while it ran does not put back what it read.
 */
final class RememberedCallers {

    /** Tokens are few; a bound in case a fleet has many, past which everything is forgotten. */
    static final int MAX_REMEMBERED = 10_000;

    private record Known(Caller caller, long foundAt) {
    }

    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final long trustedNanos;
    private final LongSupplier clock;

    RememberedCallers(Duration trusted, LongSupplier nanoClock) {
        this.trustedNanos = trusted.toNanos();
        this.clock = nanoClock;
    }

    /** The caller the hash names: remembered, or looked up (and then remembered if found). */
    Optional<Caller> caller(String hash, Function<String, Optional<Caller>> lookup) {
        long now = clock.getAsLong();
        Known remembered = known.get(hash);
        if (remembered != null && now - remembered.foundAt() < trustedNanos) {
            return Optional.of(remembered.caller());
        }
        long before = generation.get();
        Optional<Caller> found = lookup.apply(hash);
        if (found.isEmpty()) {
            known.remove(hash);
            return found;
        }
        if (known.size() >= MAX_REMEMBERED) {
            known.clear();
        }
        known.put(hash, new Known(found.get(), now));
        if (generation.get() != before) {
            // a token was deleted while this looked it up: what it read may be that token
            known.remove(hash);
        }
        return found;
    }

    void forgetAll() {
        generation.incrementAndGet();
        known.clear();
    }
}
