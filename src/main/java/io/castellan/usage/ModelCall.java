package io.castellan.usage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** What one model call consumed and cost, written in the transaction that journals its answer. */
@Entity
@Table(name = "model_usage")
public class ModelCall {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "model_usage_seq")
    @SequenceGenerator(name = "model_usage_seq", sequenceName = "model_usage_seq", allocationSize = 50)
    private Long id;

    @Column(name = "process_name")
    private String processName;

    @Column(name = "invocation_id")
    private String invocationId;

    private Instant at;

    private String model;

    @Column(name = "input_tokens")
    private long inputTokens;

    @Column(name = "output_tokens")
    private long outputTokens;

    @Column(name = "cached_tokens")
    private long cachedTokens;

    @Column(name = "cache_write_tokens")
    private long cacheWriteTokens;

    @Column(name = "cost_usd", precision = 24, scale = 10)
    private BigDecimal costUsd;

    private int attempts;

    protected ModelCall() {
    }

    public ModelCall(String processName, String invocationId, Instant at, String model, long inputTokens, long outputTokens,
                     long cachedTokens, long cacheWriteTokens, BigDecimal costUsd, int attempts) {
        this.processName = processName;
        this.invocationId = invocationId;
        this.at = at;
        this.model = model;
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
        this.cachedTokens = cachedTokens;
        this.cacheWriteTokens = cacheWriteTokens;
        this.costUsd = costUsd;
        this.attempts = attempts;
    }

    public Instant at() {
        return at;
    }

    public String model() {
        return model;
    }

    public long inputTokens() {
        return inputTokens;
    }

    public long outputTokens() {
        return outputTokens;
    }

    public long cachedTokens() {
        return cachedTokens;
    }

    public long cacheWriteTokens() {
        return cacheWriteTokens;
    }

    public BigDecimal costUsd() {
        return costUsd;
    }
}
