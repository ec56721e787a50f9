package io.castellan.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.RuntimeDelegate;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.List;

/**
 * Refuses, before JAX-RS parses it, a request that RESTEasy would refuse only after logging a
 * warning with a stack trace (anyone can send one: a webhook needs no token, and the token is
 * checked after the parse): a path or query whose %-escapes are broken or do not spell UTF-8 (a
 * stray {@code %ff}, an overlong {@code %c0%ae}), a {@code Content-Type} or {@code Accept} that is
 * not a media type. A {@code Content-Type} whose charset this JVM does not know failed later, as
 * a 500. A path is refused as the error page refuses the container's (docs/api.md); a query names
 * its parameter, a header itself. It sits in front of the JAX-RS applications only: in front of the
 * static files, the container wrapped a missing file's exception to pass it through the filter and
 * recorded an FFDC incident for a plain 404. Asynchronous requests (the live streams) pass through
 * it: a filter that did not allow them would fail them at their start.
 */
@WebFilter(filterName = "malformed-request", urlPatterns = {"/api/*", "/hooks/*", "/mcp/*", "/a2a/*", "/metrics/*"}, asyncSupported = true)
public class MalformedRequestFilter extends HttpFilter {

    private static final String REASON = "is not validly %-encoded: every %-escape must be two hexadecimal digits of UTF-8";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (!PercentEncoding.isUtf8(request.getRequestURI())) {
            ProblemErrorPage.write(response, 400, "Bad Request", ProblemErrorPage.BAD_PATH, List.of());
            return;
        }
        ProblemException refused = queryRefusal(request.getQueryString());
        if (refused == null) {
            refused = mediaTypeRefusal(request);
        }
        if (refused != null) {
            ProblemErrorPage.write(response, refused.status(), refused.title(), refused.getMessage(), refused.errors());
            return;
        }
        chain.doFilter(request, response);
    }

    private static ProblemException queryRefusal(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (!PercentEncoding.isUtf8(pair)) {
                // the parameter by its name as sent; a name that is itself escaped is not echoed
                String name = pair.split("=", 2)[0];
                return ProblemException.invalid(!name.isEmpty() && name.indexOf('%') < 0 ? name : "query", REASON);
            }
        }
        return null;
    }

    private static ProblemException mediaTypeRefusal(HttpServletRequest request) {
        String contentType = request.getHeader("Content-Type");
        MediaType type = null;
        if (contentType != null) {
            type = parse(contentType);
            if (type == null) {
                return ProblemException.invalid("Content-Type", "is not a media type such as application/json");
            }
        }
        String accept = request.getHeader("Accept");
        if (accept != null) {
            for (String range : accept.split(",")) {
                if (!range.isBlank() && parse(range.trim()) == null) {
                    return ProblemException.invalid("Accept", "is not a list of media types such as application/json");
                }
            }
        }
        String charset = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !known(charset)) {
            return new ProblemException(415, "Unsupported Media Type", "The Content-Type names a charset this server cannot read; send UTF-8");
        }
        return null;
    }

    /** The media type as JAX-RS reads it, or null where it would refuse it. */
    private static MediaType parse(String value) {
        try {
            return RuntimeDelegate.getInstance().createHeaderDelegate(MediaType.class).fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean known(String charset) {
        try {
            return Charset.isSupported(charset);
        } catch (IllegalCharsetNameException e) {
            return false;
        }
    }
}
