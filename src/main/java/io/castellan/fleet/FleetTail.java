package io.castellan.fleet;

import io.castellan.platform.Json;
import io.castellan.platform.SseFeed;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The fleet for an event stream: every process at first ({@code event: process}), then each one
 * whose entry changed, and {@code event: removed} for a process that was deleted.
 */
final class FleetTail implements SseFeed.Source {

    private final Supplier<List<FleetEntry>> fleet;
    private final Map<String, FleetEntry> sent = new HashMap<>();
    private long events;

    FleetTail(Supplier<List<FleetEntry>> fleet) {
        this.fleet = fleet;
    }

    @Override
    public List<OutboundSseEvent> next(Sse sse) {
        List<OutboundSseEvent> changes = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (FleetEntry entry : fleet.get()) {
            present.add(entry.name());
            if (!entry.equals(sent.get(entry.name()))) {
                sent.put(entry.name(), entry);
                changes.add(event(sse, "process", Json.write(entry)));
            }
        }
        for (String gone : new ArrayList<>(sent.keySet())) {
            if (!present.contains(gone)) {
                sent.remove(gone);
                changes.add(event(sse, "removed", Json.write(Map.of("name", gone))));
            }
        }
        return changes;
    }

    private OutboundSseEvent event(Sse sse, String name, String data) {
        return sse.newEventBuilder().id(Long.toString(++events)).name(name).mediaType(MediaType.APPLICATION_JSON_TYPE).data(data).build();
    }
}
