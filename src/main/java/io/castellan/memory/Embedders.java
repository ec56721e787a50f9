package io.castellan.memory;

import io.castellan.manifest.MemorySpec;
import io.castellan.process.Processes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedder of a process: its newest manifest's {@code memory.embedding}, the in-server model
 * by default. Provider clients are kept per model, endpoint and key variable.
 */
@ApplicationScoped
public class Embedders {

    @Inject
    private LocalEmbedder local;

    @Inject
    private Processes processes;

    private final Map<String, Embedder> providers = new ConcurrentHashMap<>();

    Embedder of(String process) {
        MemorySpec spec = processes.find(process).map(p -> processes.manifest(p.name(), p.version()).memory()).orElse(MemorySpec.NONE);
        if (spec.local()) {
            return local;
        }
        String key = spec.embedding() + "|" + spec.baseUrl() + "|" + spec.apiKeyVariable();
        return providers.computeIfAbsent(key, k -> new ProviderEmbedder(spec,
                System.getenv(spec.apiKeyVariable() != null ? spec.apiKeyVariable() : "OPENAI_API_KEY")));
    }
}
