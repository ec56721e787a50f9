package io.castellan.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.castellan.manifest.Manifest;
import io.castellan.manifest.ModelOptions.Price;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token prices and context windows: the built-in table, then the server's file
 * ({@code CASTELLAN_PRICES_FILE}), then the manifest's own {@code model_options.prices}.
 */
@ApplicationScoped
public class Prices {

    public static final String FILE_VARIABLE = "CASTELLAN_PRICES_FILE";
    private static final Logger LOG = LoggerFactory.getLogger(Prices.class);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    private static final int DEFAULT_CONTEXT_WINDOW = 8192;

    private final Map<String, Entry> table = new HashMap<>();

    record Entry(Price price, int contextWindow) {
    }

    @PostConstruct
    void load() {
        try (InputStream in = Prices.class.getResourceAsStream("model-prices.yaml")) {
            read(new YAMLMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String file = System.getenv(FILE_VARIABLE);
        if (file != null && !file.isBlank()) {
            try {
                read(new YAMLMapper().readTree(Files.readString(Path.of(file))));
                LOG.info("Model prices from {} override the built-in table", file);
            } catch (IOException | RuntimeException e) {
                LOG.error("Cannot read {}={}: {}; using the built-in prices", FILE_VARIABLE, file, e.getMessage());
            }
        }
    }

    /** Reads a table in model-prices.yaml's format; public for tests. */
    public void read(JsonNode root) {
        root.fields().forEachRemaining(f -> {
            JsonNode p = f.getValue();
            BigDecimal input = p.path("input").decimalValue();
            Price price = new Price(input, decimal(p, "cached_input", input), decimal(p, "cache_write", input), p.path("output").decimalValue());
            table.put(f.getKey(), new Entry(price, p.path("context_window").asInt(DEFAULT_CONTEXT_WINDOW)));
        });
    }

    private static BigDecimal decimal(JsonNode node, String field, BigDecimal fallback) {
        return node.hasNonNull(field) ? node.get(field).decimalValue() : fallback;
    }

    /** The price that applies to the manifest's model, if any is known. */
    public Optional<Price> price(Manifest manifest) {
        return manifest.modelOptions().priceOverride().or(() -> entry(manifest.model()).map(Entry::price));
    }

    public int contextWindow(String model) {
        return entry(model).map(Entry::contextWindow).orElse(DEFAULT_CONTEXT_WINDOW);
    }

    private Optional<Entry> entry(String model) {
        Entry exact = table.get(model);
        if (exact != null) {
            return Optional.of(exact);
        }
        String best = null;
        for (String name : table.keySet()) {
            String prefix = name.endsWith("*") ? name.substring(0, name.length() - 1) : name;
            if (model.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = name;
            }
        }
        return Optional.ofNullable(best).map(table::get);
    }

    /**
     * The cost in US dollars, exact to 10 decimal places. Anthropic reports cache reads and writes
     * apart from its input tokens; OpenAI and Ollama count cached tokens inside them.
     */
    public static BigDecimal cost(String provider, Price price, long input, long output, long cached, long cacheWrite) {
        long uncached = "anthropic".equals(provider) ? input : Math.max(0, input - cached);
        BigDecimal micro = price.input().multiply(BigDecimal.valueOf(uncached))
                .add(price.cachedInput().multiply(BigDecimal.valueOf(cached)))
                .add(price.cacheWrite().multiply(BigDecimal.valueOf(cacheWrite)))
                .add(price.output().multiply(BigDecimal.valueOf(output)));
        return micro.divide(MILLION, 10, RoundingMode.HALF_UP);
    }
}
