package io.castellan.history;

import java.time.Instant;

/**
 * Where a fork is taken: a time outside any running invocation, and the manifest version the
 * process ran then.
 *
 * @param described how the point was named, for the new version's reason and the journal
 */
record ForkPoint(Instant at, int version, String described) {
}
