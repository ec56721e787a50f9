package io.castellan.behaviour;

import io.castellan.process.AgentProcess;
import io.castellan.process.ProcessState;
import io.castellan.process.Processes;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The periodic health check, a persistent timer (in a cluster it fires on one server): every 30
 * seconds each running process with health checks is checked over its journal, so a detector that
 * needs history across invocations, or one whose last step came before a restart, still fires.
 * Created at start-up after the schema migration rather than as an automatic {@code @Schedule}
 * timer, which Liberty creates before any application code runs, before the migrations have made
 * the timer tables on PostgreSQL.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class HealthTimer {

    static final String INFO = "castellan: behavioural health";
    private static final Logger LOG = Logger.getLogger(HealthTimer.class.getName());
    private static final int PAGE = 200;

    @Resource
    private TimerService timerService;

    @Inject
    private Processes processes;

    @Inject
    private ProcessHealthCheck check;

    @PostConstruct
    void schedule() {
        if (timerService.getTimers().stream().noneMatch(t -> INFO.equals(t.getInfo()))) {
            timerService.createCalendarTimer(new ScheduleExpression().second("*/30").minute("*").hour("*"), new TimerConfig(INFO, true));
        }
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void checkAll() {
        String after = null;
        List<AgentProcess> page;
        do {
            page = processes.list(after, PAGE);
            for (AgentProcess process : page) {
                if (process.state() == ProcessState.RUNNING) {
                    try {
                        check.run(process.name());
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "Health check of {0} failed: {1}", new Object[]{process.name(), e.getMessage()});
                    }
                }
                after = process.name();
            }
        } while (page.size() == PAGE);
    }
}
