package io.castellan.platform;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Builds RFC 9457 {@code application/problem+json} responses. */
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problem() {
    }

    public static Response response(int status, String title, String detail) {
        return response(status, title, detail, List.of());
    }

    public static Response response(int status, String title, String detail, List<FieldError> errors) {
        return Response.status(status).type(MEDIA_TYPE).entity(Json.write(body(status, title, detail, errors))).build();
    }

    /** The problem document with its field errors, for the places that write it without JAX-RS. */
    static ObjectNode body(int status, String title, String detail, List<FieldError> errors) {
        ObjectNode body = body(status, title, detail);
        if (!errors.isEmpty()) {
            ArrayNode list = body.putArray("errors");
            errors.forEach(e -> list.addObject().put("field", e.field()).put("reason", e.reason()));
        }
        return body;
    }

    /** The problem document itself, for the places that write it without JAX-RS (the error page). */
    static ObjectNode body(int status, String title, String detail) {
        ObjectNode body = Json.object();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        return body;
    }

    /** What a bare status means, in the API's words, for refusals that carry no reason of their own. */
    static String defaultDetail(int status) {
        return switch (status) {
            case 404 -> "No resource at this path";
            case 405 -> "This method is not allowed on this resource";
            case 406 -> "This resource cannot produce the requested media type";
            case 413 -> "The request body is larger than this resource accepts";
            case 415 -> "This resource does not accept that media type";
            default -> null;
        };
    }

    public static Response of(ProblemException e) {
        return response(e.status(), e.title(), e.getMessage(), e.errors());
    }
}
