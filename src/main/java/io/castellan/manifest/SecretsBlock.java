package io.castellan.manifest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a manifest's {@code secrets} block: secret names to {@code {from_env, ttl}}, both optional. */
final class SecretsBlock {

    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private SecretsBlock() {
    }

    static Map<String, SecretSpec> read(Fields manifest) {
        Map<String, SecretSpec> secrets = new LinkedHashMap<>();
        Fields block = manifest.object("secrets", "must be an object of secret names to {from_env, ttl}");
        if (block == null) {
            return secrets;
        }
        for (String name : block.names()) {
            if (!NAME.matcher(name).matches()) {
                block.error(name, "is not a secret name: 1-64 characters of A-Z, a-z, 0-9 and '_', not starting with a digit");
                continue;
            }
            if (!block.has(name)) {
                secrets.put(name, new SecretSpec(null, null));
                continue;
            }
            Fields secret = block.block(name, Set.of("from_env", "ttl"));
            if (secret != null) {
                secrets.put(name, new SecretSpec(secret.environmentVariable("from_env"), secret.duration("ttl", null)));
            }
        }
        return Map.copyOf(secrets);
    }
}
