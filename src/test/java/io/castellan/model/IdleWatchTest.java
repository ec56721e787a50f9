package io.castellan.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.http.client.sse.ServerSentEventListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class IdleWatchTest {

    private final AtomicReference<Throwable> reported = new AtomicReference<>();
    private final ServerSentEventListener listener = reported::set;

    @Test
    void aStreamThatFallsSilentIsReportedAsStalledAndLeavesNoInterruptBehind() throws IOException {
        PipedOutputStream writer = new PipedOutputStream();
        PipedInputStream silent = new PipedInputStream(writer);
        writer.write('a');
        try (IdleWatch watch = new IdleWatch(Duration.ofMillis(200))) {
            InputStream stream = watch.watching(silent);
            assertThat(stream.read()).isEqualTo('a');
            assertThatThrownBy(stream::read).as("interrupted once nothing came for 200 ms").isInstanceOf(InterruptedIOException.class);
            watch.reporting(listener).onError(new IOException("interrupted"));
        }
        assertThat(reported.get()).isInstanceOf(IdleWatch.Stalled.class).hasMessage("no part of the answer came for 200 ms");
        assertThat(Thread.currentThread().isInterrupted()).as("the watch's interrupt is not left to the next blocking call").isFalse();
    }

    @Test
    void aStreamThatKeepsComingIsReadToItsEnd() throws Exception {
        PipedOutputStream writer = new PipedOutputStream();
        PipedInputStream steady = new PipedInputStream(writer);
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        try (IdleWatch watch = new IdleWatch(Duration.ofMillis(300))) {
            // a byte every 100 ms for a second: longer in all than the limit, never silent that long
            pace.scheduleAtFixedRate(() -> {
                try {
                    writer.write('x');
                    writer.flush();
                } catch (IOException closed) {
                    // the test is over
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            InputStream stream = watch.watching(steady);
            for (int i = 0; i < 10; i++) {
                assertThat(stream.read()).isEqualTo('x');
            }
            watch.reporting(listener).onError(new IOException("broken"));
        } finally {
            pace.shutdownNow();
        }
        assertThat(reported.get()).as("an error that is not silence stays what it was").isNotInstanceOf(IdleWatch.Stalled.class).hasMessage("broken");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
