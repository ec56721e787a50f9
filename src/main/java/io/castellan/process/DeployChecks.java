package io.castellan.process;

import io.castellan.manifest.Manifest;
import io.castellan.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A deploy's or update's manifest, read and checked before its transaction begins. Liberty
 * records a refusal thrown out of a transaction that the call began as an FFDC incident (a line
 * in messages.log and a file in logs/ffdc for each distinct message), and a mistyped manifest or
 * a taken name is the operator's everyday mistake, not the server's. {@link Processes} checks the
 * name again in the transaction, for a deploy racing this one.
 */
@ApplicationScoped
public class DeployChecks {

    @Inject
    private Processes processes;

    /** The manifest of a new process: 400 when it is not valid, 409 when its name is taken. */
    public Manifest deployable(String manifestText) {
        Manifest manifest = processes.validate(manifestText);
        if (processes.find(manifest.name()).isPresent()) {
            throw taken(manifest.name());
        }
        return manifest;
    }

    /** The new manifest of process {@code name}: 400 when it is not valid or names another, 404 when there is no such process. */
    public Manifest updatable(String name, String manifestText) {
        Manifest manifest = processes.validate(manifestText);
        if (!name.equals(manifest.name())) {
            throw otherName(name);
        }
        processes.require(name);
        return manifest;
    }

    static ProblemException taken(String name) {
        return ProblemException.conflict("a process named '" + name + "' exists; use PUT to deploy a new version");
    }

    static ProblemException otherName(String name) {
        return ProblemException.invalid("name", "must be '" + name + "', the process this request updates");
    }
}
