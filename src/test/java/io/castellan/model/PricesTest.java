package io.castellan.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.manifest.Manifest;
import io.castellan.manifest.ManifestParser;
import io.castellan.manifest.ModelOptions.Price;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PricesTest {

    private final Prices prices = new Prices();
    private final ManifestParser parser = new ManifestParser(Map.of("K", "key")::get);

    @BeforeEach
    void load() {
        prices.load();
    }

    private Manifest manifest(String model, String options) {
        return parser.parse("{name: a, model: '" + model + "', model_options: {api_key: '${K}'" + options + "}}");
    }

    @Test
    void openAiCountsCachedTokensInsideTheInput() {
        Price price = prices.price(manifest("openai:gpt-5-mini", "")).orElseThrow();
        // 200 uncached x 0.25 + 1,000 cached x 0.025 + 300 out x 2.00, per million
        assertThat(Prices.cost("openai", price, 1200, 300, 1000, 0)).isEqualByComparingTo("0.000675");
    }

    @Test
    void anthropicBillsCacheReadsAndWritesApart() {
        Price price = prices.price(manifest("anthropic:claude-sonnet-4-5", "")).orElseThrow();
        // 200 x 3.00 + 1,000 x 0.30 + 100 x 3.75 + 300 x 15.00, per million
        assertThat(Prices.cost("anthropic", price, 200, 300, 1000, 100)).isEqualByComparingTo("0.005775");
    }

    @Test
    void aDatedModelIsPricedAsItsFamilyAndLocalModelsAreFree() {
        assertThat(prices.price(manifest("openai:gpt-5-mini-2025-08-07", "")).orElseThrow().output()).isEqualByComparingTo("2.00");
        assertThat(prices.price(manifest("openai:gpt-5-2025-08-07", "")).orElseThrow().output()).isEqualByComparingTo("10.00");
        assertThat(prices.price(manifest("ollama:llama3.2", "")).orElseThrow().input()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(prices.price(manifest("openai:some-future-model", ""))).isEmpty();
    }

    @Test
    void theManifestOverridesTheTable() {
        Manifest m = manifest("openai:gpt-5-mini", ", prices: {input: 1, output: 4, cached_input: 0.5}");
        assertThat(Prices.cost("openai", prices.price(m).orElseThrow(), 1_000_000, 1_000_000, 500_000, 0))
                .isEqualByComparingTo("4.75");
    }

    @Test
    void theContextWindowBoundsThePromptBudget() {
        assertThat(prices.contextWindow("anthropic:claude-sonnet-4-5")).isEqualTo(200_000);
        assertThat(prices.contextWindow("ollama:qwen3")).isEqualTo(8192);
    }
}
