package io.castellan.arquillian;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.process.LifecycleAction;
import io.castellan.process.Processes;
import io.castellan.trigger.CronTimers;
import jakarta.inject.Inject;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Cron triggers are schedules that follow the process: created, replaced and removed with it. */
@ExtendWith(ArquillianExtension.class)
class CronTimersArqIT {

    @Deployment
    static WebArchive deployment() {
        return CastellanArchive.withTests(CronTimersArqIT.class);
    }

    @Inject
    private Processes processes;

    @Inject
    private CronTimers timers;

    @Test
    void timersFollowTheProcessLifecycle() {
        String name = "arq-cron-" + UUID.randomUUID().toString().substring(0, 8);
        String two = """
                name: %s
                model: scripted
                script: [{reply: ok}]
                triggers: [{cron: "0 3 * * *"}, {cron: "*/15 * * * MON-FRI", timezone: Europe/Berlin}]
                """.formatted(name);
        processes.deploy(two, "test");
        assertThat(timers.schedulesOf(name)).containsExactlyInAnyOrder(
                name + "|1|0|0 3 * * *", name + "|1|1|*/15 * * * MON-FRI");

        processes.act(name, LifecycleAction.PAUSE, "test");
        assertThat(timers.schedulesOf(name)).as("a paused process still queues its cron triggers").hasSize(2);

        processes.act(name, LifecycleAction.STOP, "test");
        assertThat(timers.schedulesOf(name)).isEmpty();

        processes.act(name, LifecycleAction.START, "test");
        assertThat(timers.schedulesOf(name)).hasSize(2);

        processes.update(name, "name: %s\nmodel: scripted\nscript: [{reply: ok}]\ntriggers: [{cron: '5 4 * * *'}]\n".formatted(name), "test");
        assertThat(timers.schedulesOf(name)).containsExactly(name + "|2|0|5 4 * * *");

        processes.delete(name, "test");
        assertThat(timers.schedulesOf(name)).isEmpty();
    }
}
