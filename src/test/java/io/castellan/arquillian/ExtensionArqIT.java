package io.castellan.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.example.castellan.AuditHook;
import com.example.castellan.WordCountTool;
import io.castellan.invocation.Invocation;
import io.castellan.invocation.InvocationStatus;
import io.castellan.invocation.Invocations;
import io.castellan.invocation.TriggerKind;
import io.castellan.invocation.intake.TriggerIntake;
import io.castellan.journal.Journal;
import io.castellan.journal.JournalEntry;
import io.castellan.journal.JournalType;
import io.castellan.platform.Json;
import io.castellan.platform.ProblemException;
import io.castellan.process.Processes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example extension (examples/extension: a team's tool and hook, CDI beans in their own WAR
 * built on Castellan's) deployed on a real server: an agent calls the tool, the hook marks its
 * result and refuses a call it forbids, and a manifest naming what the server lacks is refused.
 */
@ExtendWith(ArquillianExtension.class)
class ExtensionArqIT {

    @Deployment
    static WebArchive deployment() {
        return CastellanArchive.withTests(ExtensionArqIT.class).addClasses(WordCountTool.class, AuditHook.class);
    }

    @Inject
    private Processes processes;

    @Inject
    private TriggerIntake intake;

    @Inject
    private Invocations invocations;

    @Inject
    private Journal journal;

    @Test
    void anAgentCallsTheTeamsToolThroughItsHook() {
        String name = "arq-ext-" + UUID.randomUUID().toString().substring(0, 8);
        processes.deploy("""
                name: %s
                model: scripted
                tools: [word_count]
                hooks: [audit_hook]
                script:
                  - {tool: word_count, args: {text: '{{trigger.payload.text}}'}}
                  - {reply: '{{#steps.0.result}}{{steps.0.result.words}} words, {{steps.0.result.audited_by}}{{/steps.0.result}}{{#steps.0.error}}{{steps.0.error}}{{/steps.0.error}}'}
                """.formatted(name), "test");

        Invocation counted = run(name, "three little words");
        assertThat(counted.reply()).isEqualTo("3 words, audit_hook");
        List<JournalEntry> entries = journal.ofInvocation(counted.id());
        assertThat(entries).filteredOn(e -> e.type() == JournalType.TOOL_RESULT).singleElement()
                .satisfies(e -> assertThat(e.data().path("result").path("audited_by").asText()).isEqualTo("audit_hook"));

        Invocation refused = run(name, "a classified text");
        assertThat(refused.reply()).contains("refused by hook 'audit_hook'", "classified");
        assertThat(journal.ofInvocation(refused.id())).filteredOn(e -> e.type() == JournalType.TOOL_ERROR).hasSize(1);

        assertThatThrownBy(() -> processes.deploy("name: %s-x\nmodel: scripted\ntools: [word_count]\nhooks: [no_such_hook]\nscript: [{reply: ok}]\n"
                .formatted(name), "test")).isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.errors())
                .singleElement().satisfies(f -> assertThat(f.reason()).contains("'no_such_hook' is not a hook of this server", "audit_hook")));
    }

    private Invocation run(String process, String text) {
        String id = intake.accept(process, TriggerKind.MANUAL, null, Json.object().put("text", text), null).invocation().id();
        return await().atMost(Duration.ofSeconds(30)).until(() -> invocations.find(id).orElseThrow(),
                i -> i.status() == InvocationStatus.COMPLETED);
    }
}
