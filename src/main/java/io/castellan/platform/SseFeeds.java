package io.castellan.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;

/**
 * Starts {@link SseFeed}s on the server's managed scheduler, so they run with the application's
 * context and stop with it. One application-wide bean holds the scheduler because a JAX-RS resource
 * is made anew for every request, and Liberty looks an injected {@code @Resource} up in its service
 * registry each time: in the 500-process benchmark, whose client polls {@code GET /invocations/{id}},
 * that lookup was a tenth of the request threads' samples.
 */
@ApplicationScoped
public class SseFeeds {

    @Resource
    private ManagedScheduledExecutorService scheduler;

    /** Polls {@code source} every {@code every} and sends what it gives to {@code sink}, until either ends. */
    public void start(SseFeed.Source source, SseEventSink sink, Sse sse, Duration every) {
        SseFeed.start(source, sink, sse, scheduler, every);
    }
}
