package io.castellan.process;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A timed action of one process, of one kind (at most one of each): the end of its budget day, its
 * mission's deadline, a restart after its backoff. When it is due, {@link AlarmTick} removes it and
 * fires {@link Rang} in that transaction; the area that set it acts, and may set the next one.
 */
@Entity
@Table(name = "process_alarm")
public class ProcessAlarm {

    /** What an area observes when one of its alarms is due. */
    public record Rang(String kind, String process, String data, Instant dueAt) {
    }

    @Convert(disableConversion = true)
    @Id
    private String id;

    private String kind;

    @Column(name = "process_name")
    private String processName;

    @Column(name = "due_at")
    private Instant dueAt;

    private String data;

    protected ProcessAlarm() {
    }

    ProcessAlarm(String kind, String processName, Instant dueAt, String data) {
        this.id = key(kind, processName);
        this.kind = kind;
        this.processName = processName;
        this.dueAt = dueAt;
        this.data = data;
    }

    static String key(String kind, String process) {
        return kind + "|" + process;
    }

    String id() { return id; }

    Rang rang() {
        return new Rang(kind, processName, data, dueAt);
    }

    void reset(Instant at, String newData) {
        dueAt = at;
        data = newData;
    }
}
