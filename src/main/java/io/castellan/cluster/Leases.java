package io.castellan.cluster;

import io.castellan.platform.ServerSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The servers' leases. A server renews its own every two seconds ({@link LeaseHeartbeat}); one
 * whose heartbeat is older than {@code castellan.lease.seconds} (default 30) is dead to the others,
 * which take over its invocations. Times are the servers' clocks: keep them in sync (NTP).
 */
@ApplicationScoped
public class Leases {

    /** The shortest lease: three heartbeats must fit in it. */
    static final int SHORTEST_SECONDS = 6;

    @PersistenceContext
    private EntityManager em;

    private Duration length;

    /** When this server last renewed its lease (this JVM's clock); null before the first time. */
    private volatile Instant renewedAt;

    /** Static: the application's beans may be made anew while it stops, and the stop must hold. */
    private static volatile boolean released;

    @PostConstruct
    void configure() {
        length = Duration.ofSeconds(Math.max(SHORTEST_SECONDS, Long.parseLong(ServerSettings.get("castellan/lease/seconds", "30"))));
    }

    public Duration length() {
        return length;
    }

    /** Renews this server's lease, making it when there is none; at start, its start time too. */
    @Transactional(TxType.REQUIRES_NEW)
    void renew(boolean starting) {
        if (starting) {
            released = false;
        } else if (released) {
            return;
        }
        Instant now = Instant.now();
        ServerLease lease = em.find(ServerLease.class, ThisServer.NAME);
        if (lease == null) {
            em.persist(new ServerLease(ThisServer.NAME, now));
        } else if (starting) {
            lease.restart(now);
        } else {
            lease.renew(now);
        }
        em.flush();
        renewedAt = now;
    }

    /**
     * True while this server's lease is surely its own: renewed within two thirds of its length, so
     * no other server can have found it expired yet.
     */
    public boolean holding() {
        Instant renewed = renewedAt;
        return renewed != null && renewed.isAfter(Instant.now().minus(length.multipliedBy(2).dividedBy(3)));
    }

    /** In the caller's transaction: true when that server's lease has not expired. */
    @Transactional(TxType.MANDATORY)
    public boolean alive(String runner) {
        ServerLease lease = em.find(ServerLease.class, runner);
        return lease != null && !expired(lease, Instant.now());
    }

    /** The servers whose lease is alive now, this one included. */
    @Transactional
    public List<String> alive() {
        return em.createQuery("select l.runner from ServerLease l where l.heartbeatAt > :cutoff", String.class)
                .setParameter("cutoff", Instant.now().minus(length)).getResultList();
    }

    /** Other servers whose lease has expired and is still on record. */
    @Transactional
    public List<String> expired() {
        return em.createQuery("select l.runner from ServerLease l where l.heartbeatAt <= :cutoff and l.runner <> :me", String.class)
                .setParameter("cutoff", Instant.now().minus(length)).setParameter("me", ThisServer.NAME).getResultList();
    }

    /** Deletes an expired lease once its server's work has been taken over (nothing if it came back meanwhile). */
    @Transactional(TxType.REQUIRES_NEW)
    public void forgetExpired(String runner) {
        em.createQuery("delete from ServerLease l where l.runner = :r and l.heartbeatAt <= :cutoff")
                .setParameter("r", runner).setParameter("cutoff", Instant.now().minus(length)).executeUpdate();
    }

    /** A normal stop: this server's lease ends now, so other servers take over what it leaves at once. */
    @Transactional(TxType.REQUIRES_NEW)
    public void release() {
        released = true;
        em.createQuery("delete from ServerLease l where l.runner = :me").setParameter("me", ThisServer.NAME).executeUpdate();
        renewedAt = null;
    }

    private boolean expired(ServerLease lease, Instant now) {
        return !lease.heartbeatAt().isAfter(now.minus(length));
    }
}
