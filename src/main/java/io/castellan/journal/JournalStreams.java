package io.castellan.journal;

import io.castellan.platform.SseFeed;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;

/** Starts journal streams on the server's managed scheduler, so they run with the application's context and stop with it. */
@ApplicationScoped
class JournalStreams {

    static final Duration POLL = Duration.ofMillis(500);

    @Resource
    private ManagedScheduledExecutorService scheduler;

    @Inject
    private Journal journal;

    void tail(String process, long after, SseEventSink sink, Sse sse) {
        SseFeed.start(new JournalTail(process, after, journal), sink, sse, scheduler, POLL);
    }
}
