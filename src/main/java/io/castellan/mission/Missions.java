package io.castellan.mission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.escalation.Escalations;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.manifest.Manifest;
import io.castellan.manifest.Mission;
import io.castellan.platform.Json;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessEvent;
import io.castellan.process.ProcessLocks;
import io.castellan.process.ProcessState;
import io.castellan.process.Processes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.Optional;

/**
 * A process's mission: counts the invocations it takes, says when an evaluation is due, records
 * each evaluation and acts on it (complete, stuck), and ends it when it runs out of invocations or
 * time. A mission starts when a manifest with it is deployed, and again when its objective changes.
 */
@ApplicationScoped
public class Missions {

    /** The start of the state reason when a mission stopped, paused or failed the process. */
    public static final String REASON_PREFIX = "mission: ";

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Journal journal;

    @Inject
    private Processes processes;

    @Inject
    private ProcessLocks processLocks;

    @Inject
    private Escalations escalations;

    @Inject
    private MissionTimers timers;

    /**
     * What every invocation is told of its mission; empty when the process has none. A read that
     * needs no transaction of its own (SUPPORTS): the engine asks at the start of every invocation,
     * outside its step transactions, and for a process without a mission a transaction begun and
     * committed around nothing was about a tenth of a millisecond of each invocation's latency.
     */
    @Transactional(TxType.SUPPORTS)
    public Optional<ObjectNode> context(String process, Manifest manifest) {
        Optional<Mission> mission = manifest.missionSpec();
        MissionRun run = mission.isEmpty() ? null : em.find(MissionRun.class, process);
        if (run == null) {
            return Optional.empty();
        }
        ObjectNode context = Json.object().put("objective", mission.get().objective())
                .put("success_criteria", mission.get().successCriteria()).put("status", run.status().name().toLowerCase())
                .put("invocations", run.invocations());
        context.set("last_evaluation", run.lastEvaluation());
        return Optional.of(context);
    }

    /**
     * Counts an invocation that ran and ended, in the transaction that ended it; at
     * {@code max_invocations} the mission times out.
     */
    @Transactional(TxType.MANDATORY)
    public void invocationEnded(String process, Manifest manifest) {
        Optional<Mission> mission = manifest.missionSpec();
        MissionRun run = mission.isEmpty() ? null : em.find(MissionRun.class, process, LockModeType.PESSIMISTIC_WRITE);
        if (run == null || run.status().isFinal()) {
            return;
        }
        int taken = run.countInvocation(Instant.now());
        Integer most = mission.get().maxInvocations();
        if (most != null && taken >= most && !dueNow(run, mission.get())) {
            timedOut(process, mission.get(), run, "max_invocations (" + most + ") reached");
        }
    }

    /** The number of the evaluation due now (from 0), if one is: every check_interval invocations (a read, as {@link #context}). */
    @Transactional(TxType.SUPPORTS)
    public Optional<Integer> evaluationDue(String process, Manifest manifest) {
        Optional<Mission> mission = manifest.missionSpec();
        MissionRun run = mission.isEmpty() ? null : em.find(MissionRun.class, process);
        if (run == null || run.status().isFinal() || !dueNow(run, mission.get())) {
            return Optional.empty();
        }
        return Optional.of(run.evaluations());
    }

    private static boolean dueNow(MissionRun run, Mission mission) {
        return run.evaluations() < run.invocations() / mission.checkInterval();
    }

    /**
     * Records an evaluation's answer and acts on it: complete (achieved, confident enough), stuck
     * (not confident enough), or progressing. An answer for an evaluation that is no longer due
     * (another server made it) is dropped.
     */
    @Transactional
    public void evaluated(String process, Manifest manifest, int number, JsonNode answer, String problem) {
        Mission mission = manifest.missionSpec().orElseThrow();
        MissionRun run = em.find(MissionRun.class, process, LockModeType.PESSIMISTIC_WRITE);
        if (run == null || run.status().isFinal() || run.evaluations() != number || !dueNow(run, mission)) {
            return;
        }
        AgentProcess locked = processLocks.lock(process);
        boolean confident = answer.path("confidence").asDouble() >= mission.confidenceThreshold();
        boolean achieved = answer.path("achieved").asBoolean();
        MissionStatus next = !confident ? MissionStatus.STUCK : achieved ? MissionStatus.COMPLETE : MissionStatus.ACTIVE;
        run.evaluated(answer, next, Instant.now());
        ObjectNode data = Json.object().put("evaluation", number + 1);
        data.setAll((ObjectNode) answer.deepCopy());
        data.put("outcome", next == MissionStatus.ACTIVE ? "progressing" : next.name().toLowerCase());
        if (problem != null) {
            data.put("problem", problem);
        }
        switch (next) {
            case COMPLETE -> {
                data.put("action", mission.onComplete().name().toLowerCase());
                notifyIf(mission.onComplete() == Mission.OnComplete.NOTIFY, process, manifest, "mission_complete", data);
                journal.append(process, JournalType.MISSION_EVALUATED, null, data);
                if (mission.onComplete() == Mission.OnComplete.STOP) {
                    processes.changeStateIfAllowed(locked, ProcessState.STOPPED, "castellan: mission complete", REASON_PREFIX + "complete");
                }
            }
            case STUCK -> {
                data.put("action", mission.onStuck().name().toLowerCase());
                notifyIf(mission.onStuck() == Mission.OnStuck.ESCALATE, process, manifest, "mission_stuck", data);
                journal.append(process, JournalType.MISSION_EVALUATED, null, data);
                String actor = "castellan: mission stuck (confidence below " + mission.confidenceThreshold() + ")";
                processes.changeStateIfAllowed(locked, mission.onStuck() == Mission.OnStuck.STOP ? ProcessState.STOPPED : ProcessState.PAUSED,
                        actor, REASON_PREFIX + "stuck");
            }
            default -> journal.append(process, JournalType.MISSION_EVALUATED, null, data);
        }
    }

    /** The max_duration timer fired. */
    @Transactional
    public void durationEnded(String process) {
        Optional<AgentProcess> found = processes.find(process);
        MissionRun run = em.find(MissionRun.class, process, LockModeType.PESSIMISTIC_WRITE);
        if (found.isEmpty() || run == null || run.status().isFinal()) {
            return;
        }
        Manifest manifest = processes.manifest(process, found.get().version());
        manifest.missionSpec().ifPresent(m -> timedOut(process, m, run, "max_duration (" + m.maxDuration() + ") reached"));
    }

    private void timedOut(String process, Mission mission, MissionRun run, String why) {
        run.end(MissionStatus.TIMED_OUT, Instant.now());
        AgentProcess locked = processLocks.lock(process);
        journal.append(process, JournalType.MISSION_TIMED_OUT, null, Json.object().put("reason", why)
                .put("invocations", run.invocations()).put("started_at", run.startedAt().toString())
                .put("action", mission.onTimeout().name().toLowerCase()));
        ProcessState next = mission.onTimeout() == Mission.OnTimeout.FAIL ? ProcessState.FAILED : ProcessState.STOPPED;
        processes.changeStateIfAllowed(locked, next, "castellan: mission timed out, " + why, REASON_PREFIX + "timed out");
    }

    private void notifyIf(boolean wanted, String process, Manifest manifest, String kind, ObjectNode data) {
        if (wanted && manifest.budget().escalation() != null) {
            data.put("notice", escalations.notify(process, manifest.budget().escalation(), kind, data.deepCopy()));
        }
    }

    /** active, complete, stuck or timed_out; empty when the process has no mission. */
    @Transactional
    public Optional<String> status(String process) {
        return Optional.ofNullable(em.find(MissionRun.class, process)).map(r -> r.status().name().toLowerCase());
    }

    /** The mission as GET /processes/{name}/mission shows it. */
    @Transactional
    public Optional<MissionRun> run(String process) {
        return Optional.ofNullable(em.find(MissionRun.class, process));
    }

    /** A mission starts with the first manifest that has it, and again when its objective changes. */
    void follow(@Observes ProcessEvent event) {
        if (event.kind() == ProcessEvent.Kind.STATE_CHANGED) {
            return;
        }
        MissionRun run = em.find(MissionRun.class, event.process());
        Optional<Mission> mission = event.manifest() == null ? Optional.empty() : event.manifest().missionSpec();
        if (run != null && (mission.isEmpty() || !run.objective().equals(mission.get().objective()))) {
            em.remove(run);
            em.flush();
            timers.cancel(event.process());
            run = null;
        }
        if (mission.isPresent() && run == null) {
            run = new MissionRun(event.process(), mission.get().objective(), Instant.now());
            em.persist(run);
            journal.append(event.process(), JournalType.MISSION_STARTED, null, Json.object().put("objective", mission.get().objective())
                    .put("success_criteria", mission.get().successCriteria()));
            if (mission.get().maxDuration() != null) {
                timers.schedule(event.process(), run.startedAt().plus(mission.get().maxDuration()));
            }
        }
    }
}
