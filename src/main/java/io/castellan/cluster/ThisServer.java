package io.castellan.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * This server's stable name in the fleet, {@code server@host}: the same after a restart, different
 * on another server. It names the runner of the invocations this server executes and its lease.
 */
public final class ThisServer {

    public static final String NAME = compute();

    private ThisServer() {
    }

    private static String compute() {
        String server = System.getProperty("wlp.server.name", "castellan");
        try {
            return server + "@" + InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return server + "@localhost";
        }
    }
}
