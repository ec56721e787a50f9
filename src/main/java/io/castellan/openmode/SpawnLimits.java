package io.castellan.openmode;

import io.castellan.manifest.Budget;
import io.castellan.manifest.HostPolicy;
import io.castellan.manifest.Manifest;
import io.castellan.manifest.MemorySpec;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.function.Function;

/**
 * A spawned process has its parent's limits or tighter: no open mode, secrets or workspace of its
 * own, tools the parent has, hosts the parent may reach, its parent's model and embedding
 * endpoints and keys, and for each budget limit the parent has, one no higher.
 */
final class SpawnLimits {

    private SpawnLimits() {
    }

    /** @throws Guardrail naming the first limit the child would exceed */
    static void check(Manifest parent, Manifest child) {
        if (child.openMode() != null) {
            throw new Guardrail("a spawned process cannot have open_mode");
        }
        if (!child.secrets().isEmpty() || child.workspace() != null) {
            throw new Guardrail("a spawned process cannot have secrets or a workspace");
        }
        child.tools().stream().filter(t -> !parent.tools().contains(t)).findFirst().ifPresent(t -> {
            throw new Guardrail("a spawned process may have only its parent's tools, not '" + t + "'");
        });
        child.networkAllow().stream().filter(h -> !HostPolicy.allows(parent.networkAllow(), h.replace("*.", "any."))).findFirst()
                .ifPresent(h -> {
                    throw new Guardrail("a spawned process may reach only its parent's hosts, not '" + h + "'");
                });
        sameModelEndpoint(parent, child);
        sameEmbeddingEndpoint(parent.memory(), child.memory());
        within("max_tool_calls_per_invocation", parent.budget(), child.budget(), b -> toDecimal(b.maxToolCallsPerInvocation()));
        within("max_model_calls_per_invocation", parent.budget(), child.budget(), b -> toDecimal(b.maxModelCallsPerInvocation()));
        within("max_tokens_per_invocation", parent.budget(), child.budget(), b -> toDecimal(b.maxTokensPerInvocation()));
        within("max_daily_cost", parent.budget(), child.budget(), Budget::maxDailyCost);
        within("max_invocations_per_day", parent.budget(), child.budget(), b -> toDecimal(b.maxInvocationsPerDay()));
    }

    /**
     * The server sends a provider's key (its own, or the environment variable {@code api_key}
     * names) to the manifest's {@code base_url}: a child of the agent's making calls its parent's
     * provider, at its parent's endpoint, with its parent's key, or it could send a key anywhere.
     */
    private static void sameModelEndpoint(Manifest parent, Manifest child) {
        if (!child.provider().equals(parent.provider())) {
            throw new Guardrail("a spawned process uses its parent's model provider ('" + parent.provider() + "'), not '" + child.provider() + "'");
        }
        if (!Objects.equals(child.modelOptions().baseUrl(), parent.modelOptions().baseUrl())) {
            String parents = parent.modelOptions().baseUrl();
            throw new Guardrail("a spawned process needs its parent's model_options.base_url ("
                    + (parents == null ? "none: the provider's own endpoint" : parents) + ")");
        }
        if (!Objects.equals(child.modelOptions().apiKeyVariable(), parent.modelOptions().apiKeyVariable())) {
            throw new Guardrail("a spawned process needs its parent's model_options.api_key");
        }
    }

    /** The same for a provider's embedding model; the in-server one sends nothing anywhere. */
    private static void sameEmbeddingEndpoint(MemorySpec parent, MemorySpec child) {
        if (child.local()) {
            return;
        }
        if (!Objects.equals(child.embedding(), parent.embedding()) || !Objects.equals(child.baseUrl(), parent.baseUrl())
                || !Objects.equals(child.apiKeyVariable(), parent.apiKeyVariable())) {
            throw new Guardrail("a spawned process embeds its memories in the server (memory.embedding: local) or as its parent does"
                    + " (the same memory.embedding, base_url and api_key)");
        }
    }

    private static void within(String limit, Budget parent, Budget child, Function<Budget, BigDecimal> value) {
        BigDecimal most = value.apply(parent);
        if (most == null) {
            return;
        }
        BigDecimal asked = value.apply(child);
        if (asked == null || asked.compareTo(most) > 0) {
            throw new Guardrail("a spawned process needs budget." + limit + " of at most " + most.toPlainString() + " (its parent's)");
        }
    }

    private static BigDecimal toDecimal(Integer value) {
        return value == null ? null : BigDecimal.valueOf(value);
    }
}
