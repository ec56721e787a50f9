package io.castellan.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlListsTest {

    @Test
    void placeholdersAreNumberedFromTheFirst() {
        assertThat(SqlLists.placeholders(3, 2)).isEqualTo("?3, ?4");
    }

    @Test
    void rowsOfATableOfValuesAreNumberedRowByRow() {
        assertThat(SqlLists.rows(2, 2)).isEqualTo("(?1, ?2), (?3, ?4)");
        assertThat(SqlLists.rows(3, 1)).isEqualTo("(?1), (?2), (?3)");
    }
}
