package io.castellan.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.platform.Json;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** The current JSON value of one key of a process's state. */
@Entity
@Table(name = "state_entry")
@IdClass(StateEntry.Key.class)
public class StateEntry {

    /** The composite key: process and state key. */
    public static class Key implements Serializable {
        private String processName;
        private String key;

        public Key() {
        }

        Key(String processName, String key) {
            this.processName = processName;
            this.key = key;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && Objects.equals(k.processName, processName) && Objects.equals(k.key, key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(processName, key);
        }
    }

    @Convert(disableConversion = true)
    @Id
    @Column(name = "process_name")
    private String processName;

    @Convert(disableConversion = true)
    @Id
    @Column(name = "state_key")
    private String key;

    @Column(name = "state_value")
    private String value;

    @Column(name = "updated_at")
    private Instant updatedAt;

    protected StateEntry() {
    }

    StateEntry(String processName, String key) {
        this.processName = processName;
        this.key = key;
    }

    public String key() {
        return key;
    }

    public JsonNode value() {
        return Json.read(value);
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    void set(JsonNode newValue, Instant now) {
        value = Json.write(newValue);
        updatedAt = now;
    }
}
