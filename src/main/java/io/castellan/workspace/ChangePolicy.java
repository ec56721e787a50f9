package io.castellan.workspace;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a proposed change may touch. Never git's own directory, CI workflows, hooks or what decides
 * who is trusted (they would let a change act with the reviewer's or the remote's authority), nor
 * submodules or symbolic links; and, when the manifest lists {@code paths}, only under them.
 */
final class ChangePolicy {

    private static final List<String> PROTECTED_PREFIXES = List.of(".github/workflows/", ".githooks/", ".husky/", ".gitlab-ci", ".circleci/");
    private static final Set<String> PROTECTED_FILES = Set.of(".gitmodules", ".pre-commit-config.yaml", "CODEOWNERS", ".github/CODEOWNERS",
            "docs/CODEOWNERS", ".gitlab/CODEOWNERS");
    private static final String SUBMODULE = "160000";
    private static final String SYMLINK = "120000";

    /** One changed path with its new mode ({@code 000000} when deleted). */
    record Change(String path, String mode) {
    }

    private ChangePolicy() {
    }

    /** Why the change is refused, naming the first path that breaks a rule; empty when it may go on. */
    static Optional<String> refusal(List<Change> changes, List<String> allowed) {
        for (Change change : changes) {
            String path = change.path();
            if (("/" + path + "/").contains("/.git/")) {
                return Optional.of(path + ": git's own directory is never part of a change");
            }
            if (PROTECTED_FILES.contains(path) || PROTECTED_PREFIXES.stream().anyMatch(path::startsWith)) {
                return Optional.of(path + ": CI workflows, hooks and trust configuration are changed by people, not by agents");
            }
            if (SUBMODULE.equals(change.mode())) {
                return Optional.of(path + ": submodules are not accepted");
            }
            if (SYMLINK.equals(change.mode())) {
                return Optional.of(path + ": symbolic links are not accepted");
            }
            if (!allowed.isEmpty() && allowed.stream().noneMatch(path::startsWith)) {
                return Optional.of(path + ": outside the paths this process may change (" + String.join(", ", allowed) + ")");
            }
        }
        return Optional.empty();
    }
}
