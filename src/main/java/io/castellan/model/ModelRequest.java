package io.castellan.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.manifest.Manifest;

/**
 * One turn's question to a model.
 *
 * @param context {@code trigger}, {@code steps} (results so far, by step number) and {@code state}
 */
public record ModelRequest(String invocationId, int turn, Manifest manifest, ObjectNode context) {
}
