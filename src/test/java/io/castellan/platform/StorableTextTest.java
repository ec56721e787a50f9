package io.castellan.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorableTextTest {

    private final StorableText converter = new StorableText();

    @Test
    void theNulCharacterIsWrittenAsTheReplacementCharacter() {
        assertThat(converter.convertToDatabaseColumn("before\u0000after\u0000")).isEqualTo("before\uFFFDafter\uFFFD");
    }

    @Test
    void everyOtherTextIsWrittenAsItIs() {
        String text = "tab\tline\nemoji 😀 \u0001";
        assertThat(converter.convertToDatabaseColumn(text)).isSameAs(text);
        assertThat(converter.convertToDatabaseColumn(null)).isNull();
        assertThat(converter.convertToEntityAttribute("stored\uFFFD")).isEqualTo("stored\uFFFD");
    }
}
