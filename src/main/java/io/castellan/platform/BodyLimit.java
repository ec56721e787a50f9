package io.castellan.platform;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Every request body is at most 1 MiB (a manifest, an invocation's payload, a secret, a webhook):
 * refused with 413 from its declared length, or, for a body sent without one, at the byte that
 * goes past the limit. A body the server cannot read as sent (declared gzip and not gzip, chunks
 * that break off) is refused with 400 naming {@code body}: the client's error, not an unexpected
 * one to log with its stack (a webhook reads its body before anything is verified). Nothing of a
 * refused request is stored.
 */
@Provider
@Priority(Priorities.HEADER_DECORATOR)
public class BodyLimit implements ContainerRequestFilter {

    public static final int MAX_BYTES = 1024 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > MAX_BYTES) {
            throw tooLarge();
        }
        if (request.hasEntity()) {
            request.setEntityStream(new Limited(request.getEntityStream()));
        }
    }

    static ProblemException tooLarge() {
        return new ProblemException(413, "Content too large", "A request body may be at most 1 MiB");
    }

    static ProblemException unreadable() {
        return ProblemException.invalid("body", "could not be read as sent: its Content-Encoding does not match it, or it broke off");
    }

    /** Counts what is read and stops at the limit: a chunked body declares no length. */
    private static final class Limited extends FilterInputStream {
        private long read;

        Limited(InputStream in) {
            super(in);
        }

        @Override
        public int read() {
            int b;
            try {
                b = super.read();
            } catch (IOException e) {
                throw unreadable();
            }
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            int n;
            try {
                n = super.read(buffer, offset, length);
            } catch (IOException e) {
                throw unreadable();
            }
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > MAX_BYTES) {
                throw tooLarge();
            }
        }
    }
}
