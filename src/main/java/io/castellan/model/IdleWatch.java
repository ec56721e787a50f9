package io.castellan.model;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A streamed answer's read timeout: the stream may last as long as the model writes, but when no
 * byte of it came for the model's {@code timeout}, the reading thread is interrupted and the call
 * fails as one that never answered does, instead of holding its invocation on a stalled provider.
 * The watch is a virtual thread of its own, ended by {@link #close()}.
 */
final class IdleWatch implements AutoCloseable {

    /** The answer had begun, then nothing more came for the model's timeout. */
    static final class Stalled extends TimeoutException {
        Stalled(long millis, Throwable cause) {
            super("no part of the answer came for " + millis + " ms", cause);
        }
    }

    private final Thread reader = Thread.currentThread();
    private final long limitNanos;
    private final Thread watcher;
    private volatile long lastRead = System.nanoTime();
    private boolean closed;
    private boolean expired;

    IdleWatch(Duration limit) {
        this.limitNanos = limit.toNanos();
        this.watcher = Thread.ofVirtual().name("castellan-answer-watch").start(this::watch);
    }

    /** The stream, noting each read. */
    InputStream watching(InputStream stream) {
        return new FilterInputStream(stream) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                lastRead = System.nanoTime();
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                lastRead = System.nanoTime();
                return n;
            }
        };
    }

    /** The listener, told of a timeout instead of the interrupted read when the stream fell silent. */
    ServerSentEventListener reporting(ServerSentEventListener listener) {
        return new ServerSentEventListener() {
            @Override
            public void onOpen(SuccessfulHttpResponse response) {
                listener.onOpen(response);
            }

            @Override
            public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
                listener.onEvent(event, context);
            }

            @Override
            public void onEvent(ServerSentEvent event) {
                listener.onEvent(event);
            }

            @Override
            public void onError(Throwable error) {
                listener.onError(expired() ? new Stalled(limitNanos / 1_000_000, error) : error);
            }

            @Override
            public void onClose() {
                listener.onClose();
            }
        };
    }

    private synchronized boolean expired() {
        return expired;
    }

    private void watch() {
        while (true) {
            long idle = System.nanoTime() - lastRead;
            if (idle >= limitNanos) {
                synchronized (this) {
                    if (!closed) {
                        expired = true;
                        reader.interrupt();
                    }
                }
                return;
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            LockSupport.parkNanos(limitNanos - idle);
        }
    }

    /** On the reading thread, when the stream has ended: the interrupt of a watch that fired is not left behind. */
    @Override
    public void close() {
        boolean fired;
        synchronized (this) {
            closed = true;
            fired = expired;
        }
        LockSupport.unpark(watcher);
        if (fired) {
            Thread.interrupted();
        }
    }
}
