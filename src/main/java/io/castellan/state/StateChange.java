package io.castellan.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.platform.Json;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** One write to a state key, kept forever as its history: when, what, and who wrote it. */
@Entity
@Table(name = "state_change")
public class StateChange {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "state_change_seq")
    @SequenceGenerator(name = "state_change_seq", sequenceName = "state_change_seq", allocationSize = 50)
    private Long id;

    @Column(name = "process_name")
    private String processName;

    @Column(name = "state_key")
    private String key;

    private Instant at;

    @Column(name = "state_value")
    private String value;

    private String source;

    /** The key was removed (by a rewind) rather than written. */
    private boolean deleted;

    protected StateChange() {
    }

    StateChange(String processName, String key, Instant at, JsonNode value, String source) {
        this.processName = processName;
        this.key = key;
        this.at = at;
        this.value = Json.write(value);
        this.source = source;
    }

    /** The key's removal, as a change of its history. */
    static StateChange removal(String processName, String key, Instant at, String source) {
        StateChange removal = new StateChange(processName, key, at, com.fasterxml.jackson.databind.node.NullNode.getInstance(), source);
        removal.deleted = true;
        return removal;
    }

    public boolean deleted() {
        return deleted;
    }

    public Long id() {
        return id;
    }

    public String key() {
        return key;
    }

    public Instant at() {
        return at;
    }

    public JsonNode value() {
        return Json.read(value);
    }

    public String source() {
        return source;
    }
}
