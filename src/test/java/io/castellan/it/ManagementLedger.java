package io.castellan.it;

import static org.awaitility.Awaitility.await;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What ManagementAcrossKillIT's clients were answered, by process name, and the check that it
 * all still holds after a restart. A name with a call in flight when the server died is
 * unsettled: what was known of it is dropped, as the call may have changed it or not.
 */
final class ManagementLedger {

    /** A process the server said exists, with its description (null: any). */
    private final Map<String, String> present = new HashMap<>();
    private final Set<String> gone = new HashSet<>();
    private final Map<String, String> state = new HashMap<>();
    private final Map<String, String> memories = new HashMap<>();
    private final Map<String, String> accepted = new HashMap<>();
    private final Set<String> unsettled = new HashSet<>();
    private final List<String> serverErrors = new ArrayList<>();
    private int answered;

    synchronized void unsettle(String name) {
        unsettled.add(name);
    }

    synchronized void settle(String name) {
        unsettled.remove(name);
    }

    synchronized void countAnswer() {
        answered++;
    }

    synchronized int answered() {
        return answered;
    }

    synchronized int processesKnown() {
        return present.size() + gone.size();
    }

    synchronized void serverError(String body) {
        serverErrors.add(body);
    }

    synchronized void present(String name, String description) {
        present.put(name, description);
        gone.remove(name);
    }

    synchronized void gone(String name) {
        forget(name);
        gone.add(name);
    }

    synchronized void state(String name, String value) {
        state.put(name, value);
    }

    synchronized void memory(String name, String id) {
        memories.put(id, name);
    }

    synchronized void accepted(String name, String id) {
        accepted.put(id, name);
    }

    private void forget(String name) {
        present.remove(name);
        gone.remove(name);
        state.remove(name);
        memories.values().removeIf(name::equals);
        accepted.values().removeIf(name::equals);
    }

    /** After a restart: everything answered before the kill, checked against the server; what does not hold. */
    synchronized List<String> check(String token, int cycle) {
        unsettled.forEach(this::forget);
        unsettled.clear();
        List<String> wrong = new ArrayList<>();
        Set<String> misremembered = new HashSet<>();
        serverErrors.forEach(e -> wrong.add("cycle " + cycle + ": a 5xx before the kill: " + e));
        serverErrors.clear();
        present.forEach((name, description) -> {
            Response process = OwnServer.api(token).get("/processes/{n}", name);
            if (process.statusCode() != 200 || (description != null && !description.equals(process.path("description")))) {
                wrong.add("cycle %d: %s answered with description %s, now %d %s".formatted(cycle, name, description, process.statusCode(), process.asString()));
                misremembered.add(name);
                return;
            }
            Object newest = OwnServer.api(token).queryParam("limit", 1).get("/processes/{n}/versions", name).path("items[0].version");
            if (!Objects.equals(newest, process.path("version"))) {
                wrong.add("cycle %d: %s is at version %s, its newest version is %s".formatted(cycle, name, process.path("version"), newest));
                misremembered.add(name);
            }
        });
        gone.forEach(name -> {
            int status = OwnServer.api(token).get("/processes/{n}", name).statusCode();
            if (status != 404) {
                wrong.add("cycle %d: %s was deleted (204), now %d".formatted(cycle, name, status));
                misremembered.add(name);
            }
        });
        state.forEach((name, value) -> {
            Response key = OwnServer.api(token).get("/processes/{n}/state/k", name);
            if (key.statusCode() != 200 || !value.equals(key.path("value"))) {
                wrong.add("cycle %d: %s's state k was answered as %s, now %d %s".formatted(cycle, name, value, key.statusCode(), key.asString()));
                misremembered.add(name);
            }
        });
        memories.forEach((id, name) -> {
            int status = OwnServer.api(token).get("/processes/{n}/memories/{id}", name, id).statusCode();
            if (status != 200) {
                wrong.add("cycle %d: memory %s of %s was created (201), now %d".formatted(cycle, id, name, status));
                misremembered.add(name);
            }
        });
        accepted.forEach((id, name) -> {
            try {
                await().atMost(Duration.ofMinutes(2)).until(() -> {
                    Response now = OwnServer.api(token).get("/invocations/{id}", id);
                    return now.statusCode() != 200 || ended(now.path("status"));
                });
            } catch (org.awaitility.core.ConditionTimeoutException notEnded) {
                // reported below with its status
            }
            Response invocation = OwnServer.api(token).get("/invocations/{id}", id);
            if (invocation.statusCode() != 200 || !"COMPLETED".equals(invocation.path("status"))) {
                wrong.add("cycle %d: invocation %s of %s was accepted (202), now %d %s".formatted(cycle, id, name, invocation.statusCode(), invocation.asString()));
                misremembered.add(name);
            }
        });
        // each wrong fact is reported once: what the server holds now is what later cycles check
        misremembered.forEach(this::forget);
        return wrong;
    }

    private static boolean ended(String status) {
        return status != null && Castellan.ENDED.contains(status);
    }
}
