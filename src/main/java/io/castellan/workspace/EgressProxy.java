package io.castellan.workspace;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The only way out of a sandbox with a {@code network.allow}: an HTTP proxy on a Unix socket that
 * only that sandbox is given. It tunnels {@code CONNECT host:port} and forwards absolute-form
 * {@code http://} requests to allowed hosts only, checking the address each name resolves to, and
 * keeps what it refused for the command's result. Inside, {@code socat} relays 127.0.0.1:3128 to it.
 */
final class EgressProxy implements AutoCloseable {

    static final String SOCKET_IN_SANDBOX = "/run/castellan/proxy.sock";
    private static final int MAX_HEAD = 16 * 1024;

    private final NetworkAllow allow;
    private final Path dir;
    private final ServerSocketChannel server;
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private EgressProxy(NetworkAllow allow, Path dir, ServerSocketChannel server) {
        this.allow = allow;
        this.dir = dir;
        this.server = server;
    }

    /** A proxy listening on a fresh socket (in a short path: Unix socket paths are at most 107 bytes), open to the sandbox user. */
    static EgressProxy open(NetworkAllow allow) throws IOException {
        Path dir = Files.createTempDirectory("castellan-net-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("proxy.sock")));
        Files.setPosixFilePermissions(dir.resolve("proxy.sock"), PosixFilePermissions.fromString("rw-rw-rw-"));
        EgressProxy proxy = new EgressProxy(allow, dir, server);
        Thread.ofVirtual().start(proxy::serve);
        return proxy;
    }

    Path socket() {
        return dir.resolve("proxy.sock");
    }

    /** What was refused, as {@code host:port (why)}. */
    List<String> refused() {
        return List.copyOf(refused);
    }

    private void serve() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread.ofVirtual().start(() -> handle(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(SocketChannel channel) {
        try (channel; InputStream in = Channels.newInputStream(channel); OutputStream out = Channels.newOutputStream(channel)) {
            String head = head(in);
            if (head == null) {
                answer(out, 400, "no request");
                return;
            }
            String[] line = head.substring(0, head.indexOf("\r\n")).split(" ");
            if (line.length != 3) {
                answer(out, 400, "not an HTTP request");
                return;
            }
            boolean tunnel = line[0].equals("CONNECT");
            String host;
            int port;
            String rest = null;
            if (tunnel) {
                int colon = line[1].lastIndexOf(':');
                host = colon < 0 ? line[1] : line[1].substring(0, colon);
                port = colon < 0 ? 443 : Integer.parseInt(line[1].substring(colon + 1));
            } else {
                URI uri = URI.create(line[1]);
                if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                    answer(out, 400, "only CONNECT and absolute http:// requests go through this proxy");
                    return;
                }
                host = uri.getHost();
                port = uri.getPort() < 0 ? 80 : uri.getPort();
                String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
                rest = line[0] + " " + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " " + line[2] + head.substring(head.indexOf("\r\n"));
            }
            if (!allow.allows(host, port)) {
                refuse(out, host, port, "not in network.allow");
                return;
            }
            InetAddress address = InetAddress.getByName(host);
            if (!allow.reachable(host, address)) {
                refuse(out, host, port, "resolves to " + address.getHostAddress() + ", an address of this machine or its private network");
                return;
            }
            try (Socket upstream = new Socket()) {
                open.add(upstream);
                upstream.connect(new InetSocketAddress(address, port), 10_000);
                if (tunnel) {
                    out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } else {
                    upstream.getOutputStream().write(rest.getBytes(StandardCharsets.ISO_8859_1));
                }
                // bytes only ever go to the address checked above, whatever the client sends next
                Thread up = Thread.ofVirtual().start(() -> copy(in, upstream));
                upstream.getInputStream().transferTo(out);
                up.interrupt();
            } finally {
                open.removeIf(s -> s.isClosed());
            }
        } catch (IOException | IllegalArgumentException e) {
            // a client or an upstream that went away, or a request that was not one: nothing to keep
        }
    }

    private static void copy(InputStream in, Socket upstream) {
        try {
            in.transferTo(upstream.getOutputStream());
            upstream.shutdownOutput();
        } catch (IOException e) {
            // either side closed
        }
    }

    private void refuse(OutputStream out, String host, int port, String why) throws IOException {
        refused.add(host + ":" + port + " (" + why + ")");
        answer(out, 403, host + ":" + port + " is " + why);
    }

    private static void answer(OutputStream out, int status, String text) throws IOException {
        byte[] body = ("castellan proxy: " + text + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + (status == 403 ? " Forbidden" : " Bad Request") + "\r\nContent-Type: text/plain\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** The request line and headers, up to the blank line; null when the client closed first or sent too much. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (head.size() < MAX_HEAD) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(s -> {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        });
        try {
            Files.deleteIfExists(socket());
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
