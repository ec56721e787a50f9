package io.castellan.fleet;

import io.castellan.behaviour.HealthWatch;
import io.castellan.budget.BudgetDay;
import io.castellan.budget.Spending;
import io.castellan.invocation.Invocations;
import io.castellan.manifest.Budget;
import io.castellan.manifest.Manifest;
import io.castellan.manifest.TriggerSpec;
import io.castellan.mission.Missions;
import io.castellan.process.AgentProcess;
import io.castellan.process.Processes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The fleet read model: every process with what an operator looks at first (today is the budget's
 * day when the process has a budget block, else the UTC day), read through each area's own service.
 */
@ApplicationScoped
public class Fleet {

    static final int PAGE = 500;

    @Inject
    private Processes processes;

    @Inject
    private Invocations invocations;

    @Inject
    private Spending spending;

    @Inject
    private Missions missions;

    @Transactional
    public List<FleetEntry> all() {
        List<FleetEntry> entries = new ArrayList<>();
        String after = null;
        List<AgentProcess> page;
        do {
            page = processes.list(after, PAGE);
            for (AgentProcess process : page) {
                entries.add(entry(process));
                after = process.name();
            }
        } while (page.size() == PAGE);
        return entries;
    }

    private FleetEntry entry(AgentProcess process) {
        Manifest manifest = processes.manifest(process.name(), process.version());
        Budget budget = manifest.budget();
        Instant dayStart = BudgetDay.of(budget, Instant.now()).start();
        List<String> triggers = manifest.triggers().stream()
                .map(TriggerSpec::summary)
                .toList();
        return new FleetEntry(process.name(), process.state().name(), process.stateReason(), process.version(), manifest.model(),
                triggers, process.activeInvocation(), last(process.name()), spending.invocationsSince(process.name(), dayStart),
                spending.costSince(process.name(), dayStart).stripTrailingZeros(), budget.maxDailyCost(), budget.maxInvocationsPerDay(),
                HealthWatch.status(manifest.health(), process), manifest.missionSpec().isEmpty() ? null : missions.status(process.name()).orElse(null));
    }

    private FleetEntry.LastInvocation last(String process) {
        return invocations.list(process, null, null, null, 1).stream().findFirst()
                .map(i -> new FleetEntry.LastInvocation(i.id(), i.status().name(), i.queuedAt(), i.finishedAt(),
                        i.startedAt() == null || i.finishedAt() == null ? null : Duration.between(i.startedAt(), i.finishedAt()).toMillis()))
                .orElse(null);
    }
}
