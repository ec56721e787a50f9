package io.castellan.model;

import io.castellan.manifest.Manifest;
import jakarta.enterprise.context.ApplicationScoped;

/** Finds the model a manifest names. */
@ApplicationScoped
public class Models {

    private final Model scripted = new ScriptedModel();

    public Model forManifest(Manifest manifest) {
        if ("scripted".equals(manifest.model())) {
            return scripted;
        }
        throw new ModelException("model '" + manifest.model() + "' is not configured on this server");
    }
}
