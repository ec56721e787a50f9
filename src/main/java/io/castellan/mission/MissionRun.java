package io.castellan.mission;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.platform.Json;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A process's mission as it runs: since when, how many invocations it has taken, its last evaluation. */
@Entity
@Table(name = "mission_run")
class MissionRun {

    @Convert(disableConversion = true)
    @Id
    @Column(name = "process_name")
    private String processName;

    private String objective;

    @Column(name = "started_at")
    private Instant startedAt;

    private int invocations;

    private int evaluations;

    @Enumerated(EnumType.STRING)
    private MissionStatus status;

    @Column(name = "last_evaluation")
    private String lastEvaluation;

    @Column(name = "updated_at")
    private Instant updatedAt;

    protected MissionRun() {
    }

    MissionRun(String processName, String objective, Instant now) {
        this.processName = processName;
        this.objective = objective;
        this.startedAt = now;
        this.status = MissionStatus.ACTIVE;
        this.updatedAt = now;
    }

    String objective() {
        return objective;
    }

    Instant startedAt() {
        return startedAt;
    }

    int invocations() {
        return invocations;
    }

    int evaluations() {
        return evaluations;
    }

    MissionStatus status() {
        return status;
    }

    JsonNode lastEvaluation() {
        return lastEvaluation == null ? null : Json.read(lastEvaluation);
    }

    /** @return the number of invocations the mission has now taken */
    int countInvocation(Instant now) {
        invocations++;
        updatedAt = now;
        return invocations;
    }

    /** @return which evaluation this is, from 0 */
    int evaluated(JsonNode evaluation, MissionStatus next, Instant now) {
        lastEvaluation = Json.write(evaluation);
        status = next;
        updatedAt = now;
        return evaluations++;
    }

    void end(MissionStatus next, Instant now) {
        status = next;
        updatedAt = now;
    }
}
