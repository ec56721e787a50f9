package io.castellan.manifest;

/** A trigger declared in a manifest. Manual invocations and JMS messages need no declaration. */
public sealed interface TriggerSpec permits TriggerSpec.Cron, TriggerSpec.Webhook {

    /** Fires on a calendar schedule. */
    record Cron(CronSchedule schedule) implements TriggerSpec {
    }

    /**
     * Fires on a signed POST to {@code /hooks/<process>/<path>}; {@code secretVariable} names the
     * environment variable that holds the HMAC key, which is never stored.
     */
    record Webhook(String path, String secretVariable) implements TriggerSpec {
    }
}
