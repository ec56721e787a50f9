package io.castellan.trigger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.invocation.TriggerIntake;
import io.castellan.invocation.TriggerKind;
import io.castellan.manifest.CronSchedule;
import io.castellan.manifest.Manifest;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import io.castellan.process.ProcessEvent;
import jakarta.annotation.Resource;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Singleton;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.logging.Logger;

/**
 * Cron triggers as persistent EJB calendar timers: they survive restarts, and after downtime a
 * missed schedule fires once (server.xml sets missedPersistentTimerAction=ONCE). Timers follow
 * the process: created while it accepts triggers, removed when it is stopped, updated or deleted.
 */
@Singleton
public class CronTimers {

    private static final Logger LOG = Logger.getLogger(CronTimers.class.getName());

    @Resource
    private TimerService timerService;

    @Inject
    private TriggerIntake intake;

    /** Runs in the transaction that changed the process, so timers change with it. */
    public void follow(@Observes ProcessEvent event) {
        boolean changesTimers = switch (event.kind()) {
            case DEPLOYED, UPDATED, DELETED -> true;
            case STATE_CHANGED -> event.from().acceptsTriggers() != event.to().acceptsTriggers();
        };
        if (!changesTimers) {
            return;
        }
        cancel(event.process());
        if (event.kind() != ProcessEvent.Kind.DELETED && event.to().acceptsTriggers()) {
            schedule(event.process(), event.version(), event.manifest());
        }
    }

    public List<String> schedulesOf(String process) {
        return timerService.getTimers().stream()
                .map(t -> CronTimerInfo.parse((String) t.getInfo()))
                .filter(i -> i.process().equals(process))
                .map(CronTimerInfo::toString)
                .toList();
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void fire(Timer timer) {
        CronTimerInfo info = CronTimerInfo.parse((String) timer.getInfo());
        Instant tick = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        ObjectNode payload = Json.object().put("schedule", info.expression()).put("fired_at", tick.toString());
        try {
            intake.accept(info.process(), TriggerKind.CRON, info.expression(), payload,
                    "cron:" + info.version() + ":" + info.index() + ":" + tick);
        } catch (ProblemException e) {
            LOG.warning(() -> "Cron trigger of " + info.process() + " not accepted: " + e.getMessage());
        }
    }

    private void schedule(String process, int version, Manifest manifest) {
        for (int i = 0; i < manifest.cronTriggers().size(); i++) {
            CronSchedule cron = manifest.cronTriggers().get(i).schedule();
            ScheduleExpression expression = new ScheduleExpression()
                    .second("0").minute(cron.minute()).hour(cron.hour())
                    .dayOfMonth(cron.dayOfMonth()).month(cron.month()).dayOfWeek(cron.dayOfWeek())
                    .timezone(cron.timezone());
            String info = new CronTimerInfo(process, version, i, cron.expression()).toString();
            timerService.createCalendarTimer(expression, new TimerConfig(info, true));
        }
    }

    private void cancel(String process) {
        for (Timer timer : timerService.getTimers()) {
            if (CronTimerInfo.parse((String) timer.getInfo()).process().equals(process)) {
                timer.cancel();
            }
        }
    }
}
