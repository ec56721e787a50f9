package io.castellan.workspace;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a stream to its end, keeping at most {@code limit} bytes: a command that writes a
 * gigabyte is drained (so it never blocks on a full pipe) but costs the server only the limit.
 */
final class CappedStream {

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final long limit;
    private long total;

    CappedStream(long limit) {
        this.limit = limit;
    }

    /** Reads until the end of the stream: run it on a thread of its own. */
    void drain(InputStream in) {
        byte[] buffer = new byte[64 * 1024];
        try (in) {
            for (int n; (n = in.read(buffer)) != -1; ) {
                synchronized (this) {
                    int keep = (int) Math.max(0, Math.min(n, limit - total));
                    kept.write(buffer, 0, keep);
                    total += n;
                }
            }
        } catch (IOException e) {
            // the process was killed and its pipe closed: what was read is what there is
            if (!e.getMessage().contains("closed")) {
                throw new UncheckedIOException(e);
            }
        }
    }

    synchronized boolean truncated() {
        return total > limit;
    }

    synchronized String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }
}
