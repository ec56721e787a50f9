package io.castellan.invocation.execution;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This server's stable name (server@host): the same after a restart, different on another server. */
final class RunnerName {

    static final String VALUE = compute();

    private RunnerName() {
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
