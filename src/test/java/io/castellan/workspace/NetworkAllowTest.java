package io.castellan.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkAllowTest {

    private final NetworkAllow allow = new NetworkAllow(List.of("repo.maven.apache.org", "*.example.org:8443", "127.0.0.1:4000"));

    @Test
    void hostsDomainsAndPorts() {
        assertThat(allow.allows("repo.maven.apache.org", 443)).isTrue();
        assertThat(allow.allows("REPO.maven.apache.org", 80)).isTrue();
        assertThat(allow.allows("a.example.org", 8443)).isTrue();
        assertThat(allow.allows("a.example.org", 443)).isFalse();
        assertThat(allow.allows("example.org", 8443)).isFalse();
        assertThat(allow.allows("evil-example.org", 8443)).isFalse();
        assertThat(allow.allows("127.0.0.1", 4000)).isTrue();
        assertThat(allow.allows("127.0.0.1", 9080)).isFalse();
    }

    @Test
    void addressesOfThisMachineOnlyWhenNamedAsSuch() throws Exception {
        assertThat(allow.reachable("127.0.0.1", InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(allow.reachable("repo.maven.apache.org", InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThat(allow.reachable("a.example.org", InetAddress.getByName("169.254.169.254"))).isFalse();
        assertThat(allow.reachable("a.example.org", InetAddress.getByName("10.0.0.7"))).isFalse();
        assertThat(allow.reachable("a.example.org", InetAddress.getByName("93.184.215.14"))).isTrue();
    }
}
