package io.castellan.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BoundedCheckTest {

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch released = new CountDownLatch(1);

    @AfterEach
    void release() {
        released.countDown();
        executor.shutdownNow();
    }

    @Test
    void aCheckThatDoesNotAnswerFailsAndIsNotStartedAgainWhileItHangs() {
        BoundedCheck<Boolean> bounded = new BoundedCheck<>();
        AtomicInteger started = new AtomicInteger();
        Callable<Boolean> hanging = () -> {
            started.incrementAndGet();
            released.await();
            return true;
        };

        BoundedCheck.Outcome<Boolean> first = bounded.call(executor, hanging);
        BoundedCheck.Outcome<Boolean> second = bounded.call(executor, hanging);

        assertThat(first.answered()).isFalse();
        assertThat(first.failure()).isEqualTo("no answer within 2 s");
        assertThat(second.answered()).isFalse();
        assertThat(started).as("one check hangs, not one per probe").hasValue(1);
    }

    @Test
    void anAnswerInTimeIsTheAnswerAndAnErrorIsAFailure() {
        BoundedCheck<Boolean> bounded = new BoundedCheck<>();
        assertThat(bounded.call(executor, () -> false)).isEqualTo(new BoundedCheck.Outcome<>(false, null));
        BoundedCheck.Outcome<Boolean> refused = bounded.call(executor, () -> {
            throw new IllegalStateException("refused");
        });
        assertThat(refused.answered()).isFalse();
        assertThat(refused.failure()).isEqualTo("the check failed");
    }
}
