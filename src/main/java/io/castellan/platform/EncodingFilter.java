package io.castellan.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * Refuses a request whose path or query has a %-escape that is broken or does not spell UTF-8 (a
 * stray {@code %ff}, an overlong {@code %c0%ae}) before JAX-RS parses it. RESTEasy refuses those
 * too, but logs a warning with a stack trace for each, and anyone can send one (a webhook's path
 * needs no token); its refusal of a broken escape in the query named no parameter. A path is
 * refused as the error page refuses the container's (docs/api.md); a query names its parameter.
 * Asynchronous requests (the live streams) pass through it: a filter that did not allow them would
 * fail them at their start.
 */
@WebFilter(filterName = "encoding", urlPatterns = "/*", asyncSupported = true)
public class EncodingFilter extends HttpFilter {

    private static final String REASON = "is not validly %-encoded: every %-escape must be two hexadecimal digits of UTF-8";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (!PercentEncoding.isUtf8(request.getRequestURI())) {
            ProblemErrorPage.write(response, 400, "Bad Request", ProblemErrorPage.BAD_PATH, List.of());
            return;
        }
        String query = request.getQueryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (!PercentEncoding.isUtf8(pair)) {
                    // the parameter by its name as sent; a name that is itself escaped is not echoed
                    String name = pair.split("=", 2)[0];
                    String field = !name.isEmpty() && name.indexOf('%') < 0 ? name : "query";
                    ProblemException invalid = ProblemException.invalid(field, REASON);
                    ProblemErrorPage.write(response, invalid.status(), invalid.title(), invalid.getMessage(), invalid.errors());
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }
}
