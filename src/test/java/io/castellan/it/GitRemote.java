package io.castellan.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A git remote over git's real smart HTTP transport: git's own {@code git-http-backend} (CGI)
 * behind an HTTP server on loopback that demands basic authentication on every request, so
 * nothing can fetch or push without the password. Repositories are bare, under a directory of
 * the build; a test seeds one from files and reads what was pushed with plain git.
 */
public final class GitRemote implements AutoCloseable {

    public static final String USER = "castellan";
    public static final String PASSWORD = "git-push-token-93be1f0c77";
    private static final String BACKEND = "/usr/lib/git-core/git-http-backend";

    private final Path root;
    private final HttpServer server;
    private final List<String> refused = new CopyOnWriteArrayList<>();

    public GitRemote(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String repo) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + repo + ".git";
    }

    /** Requests turned away for want of the right credentials. */
    public List<String> refused() {
        return refused;
    }

    /** Makes a bare repository whose branch main holds the files, committed by a person. */
    public void seed(String repo, Map<String, String> files) throws IOException {
        Path work = Files.createTempDirectory(root, repo + "-seed");
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.createDirectories(work.resolve(file.getKey()).getParent());
            Files.writeString(work.resolve(file.getKey()), file.getValue());
        }
        git(work, "init", "-q", "-b", "main");
        git(work, "add", "-A");
        git(work, "-c", "user.name=A Person", "-c", "user.email=person@example.org", "commit", "-q", "-m", "first");
        git(root, "clone", "-q", "--bare", work.toString(), bare(repo).toString());
        git(bare(repo), "config", "http.receivepack", "true");
    }

    public Path bare(String repo) {
        return root.resolve(repo + ".git");
    }

    /** The branches of a repository, as {@code git for-each-ref} lists them. */
    public List<String> branches(String repo) {
        String out = git(bare(repo), "for-each-ref", "--format=%(refname:short)", "refs/heads/");
        return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
    }

    /** Runs git on the remote's side and returns what it printed; fails on a non-zero exit. */
    public static String git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "safe.directory=*"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                refused.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            cgi(exchange);
        }
    }

    /** RFC 3875: the request in environment variables and stdin, the answer as headers, a blank line and the body. */
    private void cgi(HttpExchange exchange) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(BACKEND);
        Map<String, String> env = builder.environment();
        env.put("GIT_PROJECT_ROOT", root.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("REMOTE_USER", USER);
        env.put("REMOTE_ADDR", "127.0.0.1");
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("PATH_INFO", exchange.getRequestURI().getPath());
        env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        env.put("CONTENT_TYPE", type == null ? "" : type);
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null) {
            env.put("HTTP_CONTENT_ENCODING", encoding);
        }
        String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
        if (protocol != null) {
            env.put("GIT_PROTOCOL", protocol);
        }
        Process backend = builder.start();
        Thread feed = Thread.ofVirtual().start(() -> {
            try (InputStream in = exchange.getRequestBody(); OutputStream out = backend.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // the backend stopped reading: its answer says why
            }
        });
        Thread.ofVirtual().start(() -> {
            try (InputStream err = backend.getErrorStream()) {
                err.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // nothing to report
            }
        });
        InputStream answer = backend.getInputStream();
        int status = 200;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = answer.read()) != -1; ) {
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String header = line.toString(StandardCharsets.ISO_8859_1).strip();
            line.reset();
            if (header.isEmpty()) {
                break;
            }
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.substring(0, 3));
            } else {
                exchange.getResponseHeaders().add(name, value);
            }
        }
        exchange.sendResponseHeaders(status, 0);
        try (OutputStream body = exchange.getResponseBody()) {
            answer.transferTo(body);
        }
        try {
            feed.join();
            backend.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
