package io.castellan.process;

import io.castellan.manifest.Manifest;

/**
 * Fired synchronously, inside the transaction that changed the process, so that other areas
 * (journal, cron timers, queued invocations) follow the change atomically without this package
 * knowing them.
 */
public record ProcessEvent(Kind kind, String process, ProcessState from, ProcessState to, int version,
                           Manifest manifest, String actor) {

    public enum Kind { DEPLOYED, UPDATED, STATE_CHANGED, DELETED }
}
