package io.castellan.expose;

import io.castellan.manifest.ExposeSpec;
import io.castellan.manifest.Manifest;
import io.castellan.process.AgentProcess;
import io.castellan.process.Processes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The processes whose current manifest exposes them ({@code expose: {mcp: true}}, {@code a2a:
 * true}). Read from the database at each question, so every server of a fleet lists the same
 * ones, and a process deployed through another server is reachable at once.
 */
@ApplicationScoped
public class ExposedProcesses {

    @Inject
    private Processes processes;

    /** Those reachable as MCP tools, by name. */
    public List<ExposedProcess> mcp() {
        // a cheap sieve first: only manifests that say "expose" are parsed
        return processes.mentioning("expose").stream()
                .filter(p -> manifest(p).expose().mcp())
                .map(this::exposed)
                .toList();
    }

    public Optional<ExposedProcess> mcp(String name) {
        return find(name, ExposeSpec::mcp);
    }

    public Optional<ExposedProcess> a2a(String name) {
        return find(name, ExposeSpec::a2a);
    }

    private Optional<ExposedProcess> find(String name, Predicate<ExposeSpec> exposedBy) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        return processes.find(name).filter(p -> exposedBy.test(manifest(p).expose())).map(this::exposed);
    }

    private Manifest manifest(AgentProcess process) {
        return processes.manifest(process.name(), process.version());
    }

    private ExposedProcess exposed(AgentProcess process) {
        Manifest manifest = manifest(process);
        String description = manifest.description() != null && !manifest.description().isBlank() ? manifest.description()
                : "The Castellan agent '" + process.name() + "': each call runs one invocation of it, and its reply is the result.";
        return new ExposedProcess(process.name(), description, manifest.expose().schema());
    }
}
