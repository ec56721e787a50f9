package io.castellan.process;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.List;

/** A unified diff (three lines of context) between two versions' manifests, as submitted. */
final class ManifestDiff {

    private ManifestDiff() {
    }

    static String between(String process, int from, String fromText, int to, String toText) {
        List<String> a = fromText.lines().toList();
        List<String> b = toText.lines().toList();
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(process + "@" + from, process + "@" + to, a, DiffUtils.diff(a, b), 3);
        return diff.isEmpty() ? "" : String.join("\n", diff) + "\n";
    }
}
