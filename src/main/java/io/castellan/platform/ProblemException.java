package io.castellan.platform;

import java.util.List;

/** A failure the client caused or can act on; becomes an RFC 9457 problem response. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<FieldError> errors;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public ProblemException(int status, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "Not found", what + " does not exist");
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }

    public static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(400, "Invalid request", errors.size() + " field(s) are invalid", errors);
    }

    public static ProblemException invalid(String field, String reason) {
        return invalid(List.of(new FieldError(field, reason)));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The problem in one line of words: each field and its reason, or the detail when it names no field (for a tool error a model reads). */
    public String said() {
        return errors.isEmpty() ? getMessage()
                : String.join("; ", errors.stream().map(e -> e.field() + " " + e.reason()).toList());
    }
}
