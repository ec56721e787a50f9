package io.castellan.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.castellan.invocation.Invocation;
import io.castellan.invocation.InvocationStatus;
import io.castellan.invocation.Invocations;
import io.castellan.invocation.TriggerKind;
import io.castellan.invocation.intake.TriggerIntake;
import io.castellan.platform.Json;
import io.castellan.process.LifecycleAction;
import io.castellan.process.Processes;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A batch of accepts in one transaction (how a cron minute fires): each trigger accepted once,
 * however often it appears; a refused one refused alone; two for one process run one after the
 * other, in order; every accepted one runs to its end after the commit.
 */
@ExtendWith(ArquillianExtension.class)
class BatchIntakeArqIT {

    @Deployment
    static WebArchive deployment() {
        return CastellanArchive.withTests(BatchIntakeArqIT.class);
    }

    @Inject
    private Processes processes;

    @Inject
    private TriggerIntake intake;

    @Inject
    private Invocations invocations;

    @Resource(lookup = "java:comp/UserTransaction")
    private UserTransaction transaction;

    @Test
    void aBatchAcceptsEachTriggerOnceAndRefusesAlone() throws Exception {
        String prefix = "arq-batch-" + UUID.randomUUID().toString().substring(0, 8);
        String a = deploy(prefix + "-a");
        String b = deploy(prefix + "-b");
        String stopped = deploy(prefix + "-s");
        processes.act(stopped, LifecycleAction.STOP, "test");
        TriggerIntake.Trigger first = trigger(a, "k0");
        String earlier = intake.accept(a, first.kind(), first.ref(), first.payload(), first.dedupKey()).invocation().id();
        assertThat(await().atMost(Duration.ofSeconds(30)).until(() -> invocations.statusOf(earlier), InvocationStatus::isFinal))
                .isEqualTo(InvocationStatus.COMPLETED);

        transaction.begin();
        List<String> refusals;
        try {
            refusals = intake.acceptBatch(List.of(
                    trigger(a, "k0"), // accepted before: a no-op
                    trigger(a, "k1"), trigger(a, "k2"), // two for one process: the second waits for the first
                    trigger(b, "k1"), trigger(b, "k1"), // one trigger twice in the batch: accepted once
                    trigger(prefix + "-none", "k1"), trigger(stopped, "k1")));
            transaction.commit();
        } catch (Exception | Error e) {
            transaction.rollback();
            throw e;
        }

        assertThat(refusals).hasSize(2);
        assertThat(refusals.get(0)).contains(prefix + "-none");
        assertThat(refusals.get(1)).contains(stopped, "STOPPED");
        List<Invocation> ofA = completed(a, 3);
        assertThat(ofA).extracting(Invocation::dedupKey).containsExactly("k0", "k1", "k2");
        assertThat(ofA.get(2).startedAt()).as("k2 ran after k1 ended").isAfterOrEqualTo(ofA.get(1).finishedAt());
        assertThat(completed(b, 1)).extracting(Invocation::reply).containsExactly("done k1");
        assertThat(invocations.list(stopped, null, null, null, 10)).isEmpty();
    }

    private String deploy(String name) {
        processes.deploy("name: %s\nmodel: scripted\nscript: [{reply: 'done {{trigger.payload.key}}'}]\n".formatted(name), "test");
        return name;
    }

    private static TriggerIntake.Trigger trigger(String process, String key) {
        return new TriggerIntake.Trigger(process, TriggerKind.CRON, "x", Json.object().put("key", key), key);
    }

    /** The process's invocations once {@code count} have completed, in the order they ran. */
    private List<Invocation> completed(String process, int count) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> invocations.list(process, null, null, null, 10).stream()
                        .sorted(Comparator.comparing(Invocation::startedAt, Comparator.nullsLast(Comparator.naturalOrder()))).toList(),
                list -> list.size() == count && list.stream().allMatch(i -> i.status() == InvocationStatus.COMPLETED));
    }
}
