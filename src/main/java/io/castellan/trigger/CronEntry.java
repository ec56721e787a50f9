package io.castellan.trigger;

import io.castellan.manifest.CronSchedule;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One cron trigger of a process that accepts triggers, with the next time it fires. The cron
 * timer fires the rows that are due and moves each to its next time; a row missed during downtime
 * is due once, so a missed schedule fires once.
 */
@Entity
@Table(name = "cron_schedule")
public class CronEntry {

    @Convert(disableConversion = true)
    @Id
    private String id;

    @Column(name = "process_name")
    private String processName;

    private int idx;

    private int version;

    private String expression;

    private String timezone;

    @Column(name = "next_fire_at")
    private Instant nextFireAt;

    protected CronEntry() {
    }

    CronEntry(String processName, int index, int version, CronSchedule schedule, Instant nextFireAt) {
        this.id = processName + "#" + index;
        this.processName = processName;
        this.idx = index;
        this.version = version;
        this.expression = schedule.expression();
        this.timezone = schedule.timezone();
        this.nextFireAt = nextFireAt;
    }

    public String id() { return id; }
    public String processName() { return processName; }
    public int index() { return idx; }
    public int version() { return version; }
    public String expression() { return expression; }
    public Instant nextFireAt() { return nextFireAt; }

    CronSchedule schedule() {
        return CronSchedule.ofDeployed(expression, timezone);
    }

    /** As the API and tests name a schedule: process|version|index|expression. */
    String describe() {
        return processName + "|" + version + "|" + idx + "|" + expression;
    }
}
