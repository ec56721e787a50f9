package io.castellan.budget;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Something that counts against a process's daily limits besides its model calls (which the
 * usage ledger records): an invocation started, or a tool call with a cost. Written in the step's
 * own transaction, keyed by invocation and step, so a replayed step is never charged twice.
 */
@Entity
@Table(name = "budget_charge")
class BudgetCharge {

    enum Kind { INVOCATION, TOOL }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "budget_charge_seq")
    @SequenceGenerator(name = "budget_charge_seq", sequenceName = "budget_charge_seq", allocationSize = 50)
    private Long id;

    @Column(name = "process_name")
    private String processName;

    @Column(name = "invocation_id")
    private String invocationId;

    private String kind;

    private int step;

    private String tool;

    @Column(name = "cost_usd", precision = 24, scale = 10)
    private BigDecimal costUsd;

    private Instant at;

    protected BudgetCharge() {
    }

    BudgetCharge(String processName, String invocationId, Kind kind, int step, String tool, BigDecimal costUsd, Instant at) {
        this.processName = processName;
        this.invocationId = invocationId;
        this.kind = kind.name();
        this.step = step;
        this.tool = tool;
        this.costUsd = costUsd;
        this.at = at;
    }
}
