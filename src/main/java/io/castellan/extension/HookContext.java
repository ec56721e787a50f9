package io.castellan.extension;

import io.castellan.manifest.Manifest;

/**
 * Where a hook or a prompt builder runs: the process, its invocation, and the manifest version
 * that runs it.
 */
public record HookContext(String process, String invocationId, Manifest manifest) {
}
