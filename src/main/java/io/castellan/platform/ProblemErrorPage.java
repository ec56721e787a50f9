package io.castellan.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The application's error page (web.xml): refusals the web container makes before JAX-RS sees
 * the request (an encoded '/' or '..' in a path, a broken %-escape, a file that is not there)
 * would otherwise be Liberty's HTML page with a Java exception in it. Every one becomes a problem
 * with the status the container chose and a detail in the API's terms; the exception itself is
 * never shown. The container's own log line for such an exception (SRVE0315E) is hidden in
 * server.xml, since a stranger's request path can cause it; so an exception behind a 5xx is logged
 * here, with an id the answer carries, the way {@link ProblemMapper} logs the API's.
 */
@WebServlet(name = "problem-error-page", urlPatterns = ProblemErrorPage.PATH)
public class ProblemErrorPage extends HttpServlet {

    static final String PATH = "/problem-error-page";

    /** Why a path is refused, in the API's terms. */
    static final String BAD_PATH = "The request's path or encoding is not valid: a path may not hold an encoded '/', '\\', '.' or '#', "
            + "and every %-escape must be two hexadecimal digits of UTF-8";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer c && c >= 400 ? c : 404;
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "Error" : type.getReasonPhrase();
        String detail = detail(status);
        if (status >= 500 && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable thrown) {
            detail = ProblemMapper.logged(thrown);
        }
        write(response, status, title, detail, List.of());
    }

    /** Answers with a problem, outside JAX-RS. */
    static void write(HttpServletResponse response, int status, String title, String detail, List<FieldError> errors) throws IOException {
        String body = Json.write(Problem.body(status, title, detail, errors));
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(body);
    }

    private static String detail(int status) {
        if (status == 400) {
            return BAD_PATH;
        }
        return Problem.defaultDetail(status);
    }
}
