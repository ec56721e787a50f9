package io.castellan.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionBlockTest {

    @Test
    void readsHowLongToKeepInEveryUnitAndRefusesTheRest() {
        assertThat(RetentionBlock.parse("90d")).isEqualTo(Duration.ofDays(90));
        assertThat(RetentionBlock.parse(" 12h ")).isEqualTo(Duration.ofHours(12));
        assertThat(RetentionBlock.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(RetentionBlock.parse("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(RetentionBlock.parse("36500d")).isEqualTo(Duration.ofDays(36_500));
        assertThat(RetentionBlock.parse("36501d")).isNull();
        assertThat(RetentionBlock.parse("0d")).isNull();
        assertThat(RetentionBlock.parse("forever")).isNull();
        assertThat(RetentionBlock.parse("1w")).isNull();
        assertThat(RetentionBlock.parse(null)).isNull();
    }

    @Test
    void aManifestWithoutRetentionLeavesItToTheServer() {
        ManifestParser parser = new ManifestParser(java.util.Map.<String, String>of()::get);
        String agent = "name: keeper\nmodel: scripted\nscript: [{reply: ok}]\n";
        assertThat(parser.parse(agent).retention()).isNull();
        assertThat(parser.parse(agent + "retention: {keep: 7d}\n").retention()).isEqualTo(Duration.ofDays(7));
    }

    /** Why {@code ManifestSieve} lets every manifest with a backslash through: a YAML escape spells a field without its letters. */
    @Test
    void aFieldSpelledWithEscapesIsTheField() {
        ManifestParser parser = new ManifestParser(java.util.Map.<String, String>of()::get);
        String agent = "name: keeper\nmodel: scripted\nscript: [{reply: ok}]\n\"\\x72etention\": {keep: 7d}\n";
        assertThat(agent).doesNotContain("retention");
        assertThat(parser.parse(agent).retention()).isEqualTo(Duration.ofDays(7));
    }
}
