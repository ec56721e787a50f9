package io.castellan.memory;

import io.castellan.manifest.MemorySpec;
import io.castellan.process.Processes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
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

    /** The vectors embedded ahead on this thread, while an {@link Ahead} is open. */
    private static final ThreadLocal<Map<String, Object>> AHEAD = new ThreadLocal<>();

    /** Texts embedded ahead of the transaction that uses them; closing it forgets them. */
    public interface Ahead extends AutoCloseable {
        @Override
        void close();
    }

    Embedder of(String process) {
        Embedder embedder = ofManifest(process);
        Map<String, Object> ahead = AHEAD.get();
        return ahead == null ? embedder : new EmbeddedAhead(embedder, ahead);
    }

    /**
     * Embeds the texts now, in one call, and has this thread's embeddings of them by the process's
     * embedder find these vectors until closed; a failure is kept for them instead (see
     * {@link EmbeddedAhead}).
     */
    Ahead ahead(String process, List<String> texts) {
        if (texts.isEmpty()) {
            return () -> { };
        }
        Embedder embedder = ofManifest(process);
        Map<String, Object> found = new HashMap<>();
        try {
            List<float[]> vectors = embedder.embedAll(texts);
            for (int i = 0; i < texts.size(); i++) {
                found.put(EmbeddedAhead.key(embedder.id(), texts.get(i)), vectors.get(i));
            }
        } catch (RuntimeException failed) {
            texts.forEach(text -> found.put(EmbeddedAhead.key(embedder.id(), text), failed));
        }
        Map<String, Object> before = AHEAD.get();
        if (before != null) {
            before.forEach(found::putIfAbsent);
        }
        AHEAD.set(found);
        return () -> {
            if (before == null) {
                AHEAD.remove();
            } else {
                AHEAD.set(before);
            }
        };
    }

    private Embedder ofManifest(String process) {
        MemorySpec spec = processes.find(process).map(p -> processes.manifest(p.name(), p.version()).memory()).orElse(MemorySpec.NONE);
        if (spec.local()) {
            return local;
        }
        String key = spec.embedding() + "|" + spec.baseUrl() + "|" + spec.apiKeyVariable();
        return providers.computeIfAbsent(key, k -> new ProviderEmbedder(spec,
                System.getenv(spec.apiKeyVariable() != null ? spec.apiKeyVariable() : "OPENAI_API_KEY")));
    }
}
