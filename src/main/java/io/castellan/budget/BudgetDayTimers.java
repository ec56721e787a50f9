package io.castellan.budget;

import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.manifest.Budget;
import io.castellan.platform.Json;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessAlarm;
import io.castellan.process.ProcessAlarms;
import io.castellan.process.ProcessEvent;
import io.castellan.process.ProcessLocks;
import io.castellan.process.ProcessState;
import io.castellan.process.Processes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The end of each budget day, as a process alarm for each process with daily limits (at
 * {@code reset_at}, midnight by default, in the budget's time zone), set again for the next day
 * each time it rings. Daily usage is counted from the start of the day, so it starts again at zero
 * by itself; the alarm resumes a process that a daily limit paused (and nothing else did).
 */
@ApplicationScoped
public class BudgetDayTimers {

    static final String ALARM = "budget-day";
    private static final Logger LOG = Logger.getLogger(BudgetDayTimers.class.getName());

    @Inject
    private ProcessAlarms alarms;

    @Inject
    private Processes processes;

    @Inject
    private ProcessLocks processLocks;

    @Inject
    private Journal journal;

    @Inject
    private Spending spending;

    /** In the transaction that changed the process, so the alarm changes with it. */
    public void follow(@Observes ProcessEvent event) {
        if (event.kind() == ProcessEvent.Kind.STATE_CHANGED) {
            return;
        }
        if (event.kind() == ProcessEvent.Kind.DELETED) {
            spending.forget(event.process());
            return;
        }
        Budget budget = event.manifest().budget();
        if (budget.hasDailyLimit()) {
            alarms.set(ALARM, event.process(), BudgetDay.of(budget, Instant.now()).end(), null);
        } else {
            alarms.cancel(ALARM, event.process());
        }
    }

    void dayEnded(@Observes ProcessAlarm.Rang rang) {
        if (!ALARM.equals(rang.kind())) {
            return;
        }
        String name = rang.process();
        Optional<AgentProcess> found = processLocks.lockIfPresent(name);
        if (found.isEmpty()) {
            return;
        }
        AgentProcess process = found.get();
        Budget budget = processes.manifest(name, process.version()).budget();
        Instant now = Instant.now();
        if (budget.hasDailyLimit()) {
            alarms.set(ALARM, name, BudgetDay.of(budget, now).end(), null);
        }
        boolean pausedByBudget = process.state() == ProcessState.PAUSED && process.stateReason() != null
                && process.stateReason().startsWith(BudgetGuard.REASON_PREFIX);
        journal.append(name, JournalType.BUDGET_RESET, null, Json.object()
                .put("day_start", BudgetDay.of(budget, now).start().toString()).put("resumed", pausedByBudget));
        if (pausedByBudget) {
            processes.changeState(process, ProcessState.RUNNING, "castellan: budget day reset");
            LOG.info(() -> "Process " + name + " resumed: a new budget day began");
        }
    }
}
