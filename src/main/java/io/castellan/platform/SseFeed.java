package io.castellan.platform;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Feeds one Server-Sent Events client from a source polled at a fixed delay (so it sees what any
 * server of a cluster committed), with a keep-alive comment when nothing happened for a while,
 * which is also how a client that went away is noticed. Polls never overlap.
 */
public final class SseFeed implements Runnable {

    /** What to send next; an empty list when nothing happened. */
    public interface Source {
        List<OutboundSseEvent> next(Sse sse);

        /** True once the last event has been given: the stream then ends. */
        default boolean finished() {
            return false;
        }
    }

    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final Logger LOG = Logger.getLogger(SseFeed.class.getName());

    private final Source source;
    private final SseEventSink sink;
    private final Sse sse;
    private long quietSince = System.nanoTime();
    private volatile ScheduledFuture<?> polling;

    private SseFeed(Source source, SseEventSink sink, Sse sse) {
        this.source = source;
        this.sink = sink;
        this.sse = sse;
    }

    public static void start(Source source, SseEventSink sink, Sse sse, ScheduledExecutorService scheduler, Duration every) {
        SseFeed feed = new SseFeed(source, sink, sse);
        feed.polling = scheduler.scheduleWithFixedDelay(feed, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
        if (sink.isClosed()) {
            stop();
            return;
        }
        try {
            List<OutboundSseEvent> events = source.next(sse);
            for (OutboundSseEvent event : events) {
                sink.send(event).toCompletableFuture().join();
            }
            if (source.finished()) {
                stop();
                return;
            }
            if (!events.isEmpty()) {
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > KEEP_ALIVE.toNanos()) {
                sink.send(sse.newEventBuilder().comment("keep-alive").build()).toCompletableFuture().join();
                quietSince = System.nanoTime();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "An event stream ended: {0}", e.getMessage());
            stop();
        }
    }

    private void stop() {
        ScheduledFuture<?> running = polling;
        if (running != null) {
            running.cancel(false);
        }
        try {
            sink.close();
        } catch (IOException | RuntimeException e) {
            // already closed by the client
        }
    }
}
