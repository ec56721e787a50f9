package io.castellan.manifest;

import java.time.Duration;

/**
 * A secret a process's tools may use through {@code ${secret:NAME}} placeholders.
 *
 * @param fromEnv the environment variable its value is loaded from when the process is deployed or
 *                started; null for a secret set through the API
 * @param ttl     how long a value stays usable after it was loaded or set; null for no expiry
 */
public record SecretSpec(String fromEnv, Duration ttl) {
}
