package io.castellan.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.platform.FieldError;
import io.castellan.platform.ProblemException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The event and message triggers of a manifest: their forms, and what is refused with which field. */
class TriggersBlockTest {

    private final ManifestParser parser = new ManifestParser(Map.of("HOOK_KEY", "k")::get);

    private Manifest parse(String triggers) {
        return parser.parse("name: t\nmodel: scripted\nscript: [{reply: x}]\ntriggers:\n" + triggers);
    }

    private List<FieldError> errorsOf(String triggers) {
        try {
            parse(triggers);
        } catch (ProblemException e) {
            return e.errors();
        }
        throw new AssertionError("expected the manifest to be refused");
    }

    @Test
    void anEventTriggerIsAPatternOrATopicWithIncludeOwn() {
        Manifest manifest = parse("""
                  - event: "pipeline.*"
                  - event: {topic: "audit.#", include_own: true}
                  - cron: "0 * * * *"
                """);
        assertThat(manifest.eventTriggers()).containsExactly(new TriggerSpec.Event("pipeline.*", false), new TriggerSpec.Event("audit.#", true));
        assertThat(manifest.cronTriggers()).hasSize(1);
        assertThat(manifest.messageTrigger()).isEmpty();
        assertThat(manifest.triggers()).extracting(TriggerSpec::summary)
                .containsExactly("event pipeline.*", "event audit.# (own events too)", "cron 0 * * * *");
    }

    @Test
    void badEventTriggersNameTheirField() {
        assertThat(errorsOf("""
                  - event: "a..b"
                  - event: {topic: "x.y", include_own: maybe}
                  - event: 42
                  - event: {include_own: true}
                  - event: {topic: "x", other: 1}
                  - event: "a.b*"
                """)).extracting(FieldError::field).containsExactlyInAnyOrder("triggers[0].event", "triggers[1].event.include_own",
                "triggers[2].event", "triggers[3].event.topic", "triggers[4].event.other", "triggers[5].event");
    }

    @Test
    void aMessageTriggerListsItsSendersOrTakesEveryProcess() {
        TriggerSpec.Message some = parse("  - message: {from: [coordinator, \"ingest-*\"]}\n").messageTrigger().orElseThrow();
        assertThat(some.accepts("coordinator")).isTrue();
        assertThat(some.accepts("ingest-eu")).isTrue();
        assertThat(some.accepts("ingest-")).isTrue();
        assertThat(some.accepts("coordinator-2")).isFalse();
        assertThat(some.accepts("my-ingest-eu")).isFalse();
        assertThat(some.summary()).isEqualTo("message from coordinator, ingest-*");

        assertThat(parse("  - message:\n").messageTrigger().orElseThrow().accepts("anyone")).isTrue();
        assertThat(parse("  - message: {}\n").messageTrigger().orElseThrow().summary()).isEqualTo("message from any process");
    }

    @Test
    void badMessageTriggersNameTheirField() {
        assertThat(errorsOf("""
                  - message: {from: ["UPPER", 7, "a.b"]}
                  - message: {}
                """)).extracting(FieldError::field).containsExactlyInAnyOrder("triggers[0].message.from[0]",
                "triggers[0].message.from[1]", "triggers[0].message.from[2]", "triggers[1].message");
        assertThat(errorsOf("  - message: {from: coordinator}\n")).extracting(FieldError::field).containsExactly("triggers[0].message.from");
        assertThat(errorsOf("  - message: [a]\n")).extracting(FieldError::field).containsExactly("triggers[0].message");
    }

    @Test
    void anItemHasExactlyOneKind() {
        assertThat(errorsOf("  - {event: a, message: {}}\n  - {timezone: UTC}\n  - just-text\n")).extracting(FieldError::field)
                .containsExactly("triggers[0]", "triggers[1]", "triggers[2]");
    }
}
