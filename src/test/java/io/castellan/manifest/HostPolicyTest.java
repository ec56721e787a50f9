package io.castellan.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostPolicyTest {

    private final List<String> allow = List.of("127.0.0.1", "*.example.com");

    @Test
    void allowsListedHostsAndSubdomainsOfWildcards() {
        assertThat(HostPolicy.allows(allow, "127.0.0.1")).isTrue();
        assertThat(HostPolicy.allows(allow, "ci.example.com")).isTrue();
        assertThat(HostPolicy.allows(allow, "A.B.Example.COM")).isTrue();
    }

    @Test
    void refusesEverythingElse() {
        assertThat(HostPolicy.allows(allow, "example.com")).isFalse();
        assertThat(HostPolicy.allows(allow, "evilexample.com")).isFalse();
        assertThat(HostPolicy.allows(allow, "example.com.evil.org")).isFalse();
        assertThat(HostPolicy.allows(allow, "127.0.0.2")).isFalse();
        assertThat(HostPolicy.allows(List.of(), "127.0.0.1")).isFalse();
        assertThat(HostPolicy.allows(allow, null)).isFalse();
    }
}
