package io.castellan.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChangePolicyTest {

    private static ChangePolicy.Change file(String path) {
        return new ChangePolicy.Change(path, "100644");
    }

    @Test
    void ordinaryFilesMayChange() {
        assertThat(ChangePolicy.refusal(List.of(file("src/Main.java"), file("README.md"), new ChangePolicy.Change("old.txt", "000000")), List.of()))
                .isEmpty();
    }

    @Test
    void gitHooksWorkflowsAndTrustAreRefused() {
        for (String path : List.of("sub/.git/config", ".github/workflows/ci.yml", ".githooks/pre-commit", ".husky/pre-push", ".gitmodules",
                "CODEOWNERS", ".github/CODEOWNERS", ".pre-commit-config.yaml")) {
            assertThat(ChangePolicy.refusal(List.of(file("ok.txt"), file(path)), List.of())).as(path).hasValueSatisfying(r -> assertThat(r).startsWith(path));
        }
        assertThat(ChangePolicy.refusal(List.of(file(".github/dependabot.yml")), List.of())).isEmpty();
    }

    @Test
    void submodulesAndLinksAreRefused() {
        assertThat(ChangePolicy.refusal(List.of(new ChangePolicy.Change("lib", "160000")), List.of())).hasValueSatisfying(r -> assertThat(r).contains("submodule"));
        assertThat(ChangePolicy.refusal(List.of(new ChangePolicy.Change("etc", "120000")), List.of())).hasValueSatisfying(r -> assertThat(r).contains("symbolic"));
    }

    @Test
    void allowedPathsBoundTheChange() {
        assertThat(ChangePolicy.refusal(List.of(file("src/a.c"), file("docs/x.md")), List.of("src/", "docs/"))).isEmpty();
        assertThat(ChangePolicy.refusal(List.of(file("src/a.c"), file("pom.xml")), List.of("src/"))).hasValueSatisfying(r -> assertThat(r).startsWith("pom.xml"));
    }

    @Test
    void rawDiffIsParsed() {
        String raw = ":100644 100644 aaa bbb M\0calc.sh\0:000000 120000 000 ccc A\0link\0";
        assertThat(Proposal.changes(raw)).containsExactly(new ChangePolicy.Change("calc.sh", "100644"), new ChangePolicy.Change("link", "120000"));
    }
}
