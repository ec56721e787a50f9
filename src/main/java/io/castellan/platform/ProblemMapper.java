package io.castellan.platform;

import com.fasterxml.jackson.core.JacksonException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every exception that reaches JAX-RS into a problem response; nothing else ever
 * reaches the client, so no stack trace can leak.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Override
    public Response toResponse(Throwable thrown) {
        ProblemException problem = find(thrown, ProblemException.class);
        if (problem != null) {
            return Problem.of(problem);
        }
        JacksonException json = find(thrown, JacksonException.class);
        if (json != null) {
            return Problem.of(JsonProblems.of(json));
        }
        Throwable unavailable = transientFailure(thrown);
        if (unavailable != null) {
            String errorId = UUID.randomUUID().toString();
            LOG.log(Level.WARNING, "Transient failure {0}: {1}", new Object[]{errorId, unavailable.toString()});
            return Response.fromResponse(Problem.response(503, "Service temporarily unavailable",
                            "The message broker or the database did not answer in time (id " + errorId + "); nothing was stored. Retry."))
                    .header("Retry-After", "1").build();
        }
        if (thrown instanceof WebApplicationException web) {
            Response.StatusType status = web.getResponse().getStatusInfo();
            return Problem.response(status.getStatusCode(), status.getReasonPhrase(), Problem.defaultDetail(status.getStatusCode()));
        }
        return Problem.response(500, "Internal server error", logged(thrown));
    }

    /**
     * Logs an exception nothing expected, under a new id, and returns the answer's detail naming
     * that id: the client sees the id, the operator finds the trace by it.
     */
    static String logged(Throwable thrown) {
        String errorId = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected error " + errorId, thrown);
        return "The error was logged with id " + errorId;
    }

    /**
     * A failure to reach the broker or to get a database lock in time: after a restart, or under
     * load. The transaction rolled back, so the client may simply retry.
     */
    private static Throwable transientFailure(Throwable thrown) {
        for (Throwable t = thrown; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof jakarta.jms.JMSException || t instanceof jakarta.jms.JMSRuntimeException
                    || t instanceof jakarta.resource.ResourceException || t instanceof jakarta.persistence.LockTimeoutException
                    || t instanceof jakarta.persistence.PessimisticLockException) {
                return t;
            }
        }
        return null;
    }

    private static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
