package io.castellan.cluster;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A server's lease: alive while its heartbeat is younger than the lease's length. */
@Entity
@Table(name = "server_lease")
public class ServerLease {

    @Convert(disableConversion = true)
    @Id
    private String runner;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "heartbeat_at")
    private Instant heartbeatAt;

    protected ServerLease() {
    }

    ServerLease(String runner, Instant now) {
        this.runner = runner;
        this.startedAt = now;
        this.heartbeatAt = now;
    }

    String runner() { return runner; }

    Instant startedAt() { return startedAt; }

    Instant heartbeatAt() { return heartbeatAt; }

    void renew(Instant now) {
        heartbeatAt = now;
    }

    void restart(Instant now) {
        startedAt = now;
        heartbeatAt = now;
    }
}
