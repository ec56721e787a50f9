package io.castellan.budget;

import io.castellan.journal.Journal;
import io.castellan.journal.JournalType;
import io.castellan.manifest.Budget;
import io.castellan.platform.Json;
import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessEvent;
import io.castellan.process.ProcessState;
import io.castellan.process.Processes;
import jakarta.annotation.Resource;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Singleton;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The end of each budget day, as a persistent calendar timer per process with daily limits (at
 * {@code reset_at}, midnight by default, in the budget's time zone). Daily usage is counted from
 * the start of the day, so it starts again at zero by itself; the timer resumes a process that a
 * daily limit paused (and nothing else did).
 */
@Singleton
public class BudgetDayTimers {

    private static final Logger LOG = Logger.getLogger(BudgetDayTimers.class.getName());

    @Resource
    private TimerService timerService;

    @Inject
    private Processes processes;

    @Inject
    private Journal journal;

    @Inject
    private Spending spending;

    /** In the transaction that changed the process, so the timer changes with it. */
    public void follow(@Observes ProcessEvent event) {
        if (event.kind() == ProcessEvent.Kind.STATE_CHANGED) {
            return;
        }
        for (Timer timer : timerService.getTimers()) {
            if (event.process().equals(timer.getInfo())) {
                timer.cancel();
            }
        }
        if (event.kind() == ProcessEvent.Kind.DELETED) {
            spending.forget(event.process());
            return;
        }
        Budget budget = event.manifest().budget();
        if (budget.hasDailyLimit()) {
            ScheduleExpression endOfDay = new ScheduleExpression()
                    .hour(budget.resetAt().getHour()).minute(budget.resetAt().getMinute()).second(budget.resetAt().getSecond())
                    .timezone(budget.timezone().getId());
            timerService.createCalendarTimer(endOfDay, new TimerConfig(event.process(), true));
        }
    }

    @Timeout
    public void dayEnded(Timer timer) {
        String name = (String) timer.getInfo();
        Optional<AgentProcess> found = processes.lockIfPresent(name);
        if (found.isEmpty()) {
            return;
        }
        AgentProcess process = found.get();
        Budget budget = processes.manifest(name, process.version()).budget();
        boolean pausedByBudget = process.state() == ProcessState.PAUSED && process.stateReason() != null
                && process.stateReason().startsWith(BudgetGuard.REASON_PREFIX);
        journal.append(name, JournalType.BUDGET_RESET, null, Json.object()
                .put("day_start", BudgetDay.of(budget, Instant.now()).start().toString()).put("resumed", pausedByBudget));
        if (pausedByBudget) {
            processes.changeState(process, ProcessState.RUNNING, "castellan: budget day reset");
            LOG.info(() -> "Process " + name + " resumed: a new budget day began");
        }
    }
}
