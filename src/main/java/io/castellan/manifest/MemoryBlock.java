package io.castellan.manifest;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a manifest's {@code memory: {auto_recall: 5, embedding: local, base_url, api_key}}. The
 * memory tools are named in {@code tools} like any other; this block tunes what the engine does
 * with the memory and which model embeds it.
 */
final class MemoryBlock {

    static final int MAX_RECALL = 20;
    private static final Pattern PROVIDER_MODEL = Pattern.compile("(openai|ollama):[A-Za-z0-9._:/-]{1,100}");

    private MemoryBlock() {
    }

    static MemorySpec read(Fields manifest, List<String> networkAllow, boolean deploy) {
        Fields memory = manifest.block("memory", Set.of("auto_recall", "embedding", "base_url", "api_key"));
        if (memory == null) {
            return MemorySpec.NONE;
        }
        int recall = memory.integer("auto_recall", 0, 0, MAX_RECALL);
        String embedding = memory.text("embedding", false);
        if (embedding == null || "local".equals(embedding)) {
            if (memory.has("base_url") || memory.has("api_key")) {
                memory.error("embedding", "is local (the in-server model): base_url and api_key are for openai:<model> or ollama:<model>");
            }
            return new MemorySpec(recall, "local", null, null);
        }
        if (!PROVIDER_MODEL.matcher(embedding).matches()) {
            memory.error("embedding", "must be local (the in-server all-MiniLM-L6-v2), openai:<model> or ollama:<model>");
            return new MemorySpec(recall, "local", null, null);
        }
        String baseUrl = memory.url("base_url");
        String key = memory.has("api_key")
                ? memory.environmentReference("api_key", "must name an environment variable as ${NAME}, so the key is never stored") : null;
        if (deploy) {
            String host = URI.create(baseUrl != null ? baseUrl : embedding.startsWith("openai:") ? "https://api.openai.com/v1"
                    : "http://localhost:11434").getHost();
            if (!HostPolicy.allows(networkAllow, host)) {
                memory.error(baseUrl != null ? "base_url" : "embedding", "host '" + host + "' is not in network.allow");
            }
        }
        return new MemorySpec(recall, embedding, baseUrl, key);
    }
}
