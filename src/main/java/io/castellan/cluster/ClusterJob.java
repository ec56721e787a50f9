package io.castellan.cluster;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A periodic job of the fleet and when it is next due (see {@link ClusterJobs}). */
@Entity
@Table(name = "cluster_job")
public class ClusterJob {

    @Convert(disableConversion = true)
    @Id
    private String name;

    @Column(name = "next_at")
    private Instant nextAt;

    /** The server holding the job's role ({@link ClusterJobs#hold}); null for a periodic job. */
    private String holder;

    protected ClusterJob() {
    }

    ClusterJob(String name, Instant nextAt, String holder) {
        this.name = name;
        this.nextAt = nextAt;
        this.holder = holder;
    }
}
