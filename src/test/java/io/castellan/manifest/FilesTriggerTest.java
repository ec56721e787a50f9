package io.castellan.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.platform.FieldError;
import io.castellan.platform.ProblemException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FilesTriggerTest {

    private final ManifestParser parser = new ManifestParser(Map.<String, String>of()::get, List.of(Path.of("/data"), Path.of("/srv/drop")));

    private static String watching(String files) {
        return "name: watcher\nmodel: scripted\nscript: [{reply: ok}]\ntriggers:\n  - files: " + files + "\n";
    }

    @Test
    void readsAWatchUnderARoot() {
        TriggerSpec.Files files = (TriggerSpec.Files) parser.parse(watching("{path: /data/incoming/*.csv, events: [created, deleted], debounce: 500ms}"))
                .triggers().get(0);
        assertThat(files.directory()).isEqualTo(Path.of("/data/incoming"));
        assertThat(files.glob()).isEqualTo("*.csv");
        assertThat(files.events()).isEqualTo(Set.of(TriggerSpec.Files.Change.CREATED, TriggerSpec.Files.Change.DELETED));
        assertThat(files.debounce()).isEqualTo(Duration.ofMillis(500));
        TriggerSpec.Files defaults = (TriggerSpec.Files) parser.parse(watching("{path: /srv/drop/report.json}")).triggers().get(0);
        assertThat(defaults.events()).containsExactlyInAnyOrder(TriggerSpec.Files.Change.CREATED, TriggerSpec.Files.Change.MODIFIED);
        assertThat(defaults.debounce()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void refusesAPathThatEscapesOrMissesTheRoots() {
        assertThat(errors(watching("{path: /etc/*.conf}"))).containsExactly("triggers[0].files.path");
        assertThat(errors(watching("{path: /data/../etc/*.conf}"))).containsExactly("triggers[0].files.path");
        assertThat(errors(watching("{path: /dataset/*.csv}"))).as("a sibling whose name starts like a root").containsExactly("triggers[0].files.path");
        assertThat(errors(watching("{path: /data/*/in/*.csv}"))).containsExactly("triggers[0].files.path");
        assertThat(errors(watching("{path: incoming/*.csv}"))).containsExactly("triggers[0].files.path");
        assertThat(errors(watching("{path: /data/x.csv, events: [renamed], debounce: 2h, every: 1s}")))
                .containsExactlyInAnyOrder("triggers[0].files.events[0]", "triggers[0].files.debounce", "triggers[0].files.every");
        assertThat(errors(watching("/data/x.csv"))).containsExactly("triggers[0].files");
    }

    @Test
    void aServerWithoutRootsRefusesEveryWatchButAStoredOneStillLoads() {
        assertThatThrownBy(() -> new ManifestParser(Map.<String, String>of()::get).parse(watching("{path: /data/*.csv}")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(f -> assertThat(f.reason()).contains("castellan.watch.roots")));
        assertThat(ManifestParser.forStored().parse(watching("{path: /elsewhere/*.csv}")).triggers()).hasSize(1);
    }

    private List<String> errors(String manifest) {
        try {
            parser.parse(manifest);
        } catch (ProblemException e) {
            return e.errors().stream().map(FieldError::field).toList();
        }
        throw new AssertionError("expected the manifest to be refused");
    }
}
