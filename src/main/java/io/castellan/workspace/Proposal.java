package io.castellan.workspace;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.platform.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The executor's side of a proposed change, read by the reviewer from its copy: the diff against
 * the base and the paths it touches, with their new modes.
 */
record Proposal(String diff, List<ChangePolicy.Change> changes) {

    static final int SHOWN_DIFF = 64 * 1024;

    /** Parses {@code git diff --raw -z}: {@code :oldmode newmode oldsha newsha status NUL path NUL}, repeated. */
    static List<ChangePolicy.Change> changes(String raw) {
        List<ChangePolicy.Change> changes = new ArrayList<>();
        String[] fields = raw.split("\0");
        for (int i = 0; i + 1 < fields.length; i += 2) {
            String[] meta = fields[i].trim().split(" ");
            changes.add(new ChangePolicy.Change(fields[i + 1], meta.length > 1 ? meta[1] : ""));
        }
        return changes;
    }

    List<String> paths() {
        return changes.stream().map(ChangePolicy.Change::path).toList();
    }

    /** The intent as the journal keeps it: the diff (its first 64 KiB) and the commands the executor ran. */
    ObjectNode intent(com.fasterxml.jackson.databind.node.ArrayNode commands) {
        ObjectNode intent = Json.object();
        intent.put("diff", diff.length() <= SHOWN_DIFF ? diff : diff.substring(0, SHOWN_DIFF));
        if (diff.length() > SHOWN_DIFF) {
            intent.put("diff_truncated", true);
        }
        intent.putPOJO("files", paths());
        intent.set("commands", commands);
        return intent;
    }
}
