package io.castellan.trigger;

import java.time.Instant;

/** A file as a scan sees it: its size and its modification time (to the millisecond, what a database keeps). */
record FileState(long size, Instant modifiedAt) {
}
