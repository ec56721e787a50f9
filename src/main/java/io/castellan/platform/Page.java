package io.castellan.platform;

import java.util.List;

/** Every list in the API: the items and, when more may follow, the cursor to ask for them. */
public record Page<T>(List<T> items, String next_cursor) {

    public static <T> Page<T> of(List<T> items) {
        return new Page<>(items, null);
    }
}
