package io.castellan.workspace;

import io.castellan.manifest.HostPolicy;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * A workspace's {@code network.allow}: entries {@code host}, {@code *.domain} (any subdomain, not
 * the domain itself) or an IPv4 address, each optionally with {@code :port}. An address of the
 * machine or its private networks (loopback, link-local such as the cloud metadata service,
 * site-local, any-local, multicast) is reached only when an entry names that very address, so a
 * name that resolves there (DNS rebinding) gets nowhere.
 */
record NetworkAllow(List<String> entries) {

    boolean allows(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String entry : entries) {
            int colon = entry.lastIndexOf(':');
            String pattern = colon < 0 ? entry : entry.substring(0, colon);
            if (colon >= 0 && Integer.parseInt(entry.substring(colon + 1)) != port) {
                continue;
            }
            if (HostPolicy.allows(List.of(pattern), h)) {
                return true;
            }
        }
        return false;
    }

    /** True when the resolved address may be reached for this host. */
    boolean reachable(String host, InetAddress address) {
        boolean inside = address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress();
        return !inside || address.getHostAddress().equals(host);
    }
}
