package io.castellan.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The authenticator's memory of tokens: how long it trusts one, and that a delete is never undone by a lookup. */
class RememberedCallersTest {

    private static final Caller ALICE = new Caller("alice", Role.OPERATOR);

    private final AtomicLong clock = new AtomicLong();
    private final RememberedCallers callers = new RememberedCallers(Duration.ofSeconds(2), clock::get);
    private final AtomicInteger lookups = new AtomicInteger();

    private Function<String, Optional<Caller>> database(Optional<Caller> answer) {
        return hash -> {
            lookups.incrementAndGet();
            return answer;
        };
    }

    @Test
    void aFoundTokenIsLookedUpOnceWhileTrustedAndAgainAfter() {
        assertThat(callers.caller("h", database(Optional.of(ALICE)))).contains(ALICE);
        clock.addAndGet(Duration.ofMillis(1999).toNanos());
        assertThat(callers.caller("h", database(Optional.of(ALICE)))).contains(ALICE);
        assertThat(lookups).hasValue(1);

        clock.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(callers.caller("h", database(Optional.empty()))).as("deleted on another server").isEmpty();
        assertThat(lookups).hasValue(2);
    }

    @Test
    void anUnknownHashIsLookedUpEveryTime() {
        callers.caller("nobody", database(Optional.empty()));
        callers.caller("nobody", database(Optional.empty()));
        assertThat(lookups).hasValue(2);
    }

    @Test
    void forgettingMakesTheNextUseLookUpAgain() {
        callers.caller("h", database(Optional.of(ALICE)));
        callers.forgetAll();
        assertThat(callers.caller("h", database(Optional.empty()))).isEmpty();
        assertThat(lookups).hasValue(2);
    }

    @Test
    void aLookupThatRacedWithAForgettingIsNotKept() {
        // the lookup reads the token, then the token's delete commits and forgets, then the lookup would store what it read
        Optional<Caller> raced = callers.caller("h", hash -> {
            lookups.incrementAndGet();
            callers.forgetAll();
            return Optional.of(ALICE);
        });
        assertThat(raced).as("the request under way is answered with what was read").contains(ALICE);
        assertThat(callers.caller("h", database(Optional.empty()))).as("the next one asks again").isEmpty();
        assertThat(lookups).hasValue(2);
    }
}
