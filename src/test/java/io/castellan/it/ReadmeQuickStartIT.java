package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Your first agent" block, run by bash as a new user pastes it: one block, no pause
 * between the commands. Only what differs on the build's server is changed: its port (in the block
 * and in the example manifest it deploys) and the token in {@code TOKEN}.
 */
class ReadmeQuickStartIT {

    @Test
    void theFirstAgentBlockRunsAsWrittenAndReadsTheAgentsResult() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher block = Pattern.compile("## Your first agent.*?```sh\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("README has a 'Your first agent' shell block").isTrue();
        String port = Castellan.baseUrl().substring(Castellan.baseUrl().lastIndexOf(':') + 1);
        Path dir = Files.createTempDirectory(Path.of("target"), "readme-");
        Path examples = Files.createDirectories(dir.resolve("examples"));
        // the process is deleted first: the block deploys it, and another test may have done so before
        Castellan.admin().delete("/processes/{name}", "pipeline-monitor");
        Files.writeString(examples.resolve("pipeline-monitor.yaml"),
                Files.readString(Path.of("examples/pipeline-monitor.yaml")).replace("127.0.0.1:9080", "127.0.0.1:" + port));
        Files.writeString(dir.resolve("quickstart.sh"), "set -eu\n" + block.group(1).replace("127.0.0.1:9080", "127.0.0.1:" + port));

        ProcessBuilder builder = new ProcessBuilder("bash", "quickstart.sh").directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("TOKEN", Castellan.ADMIN_TOKEN);
        Process bash = builder.start();
        bash.getOutputStream().close();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();

        assertThat(output).as("the invocation read right after the wake").contains("\"status\":\"COMPLETED\"")
                .contains("Pipeline answered 200 (asked by manual)");
        assertThat(output).as("the state key's history").contains("\"source\":\"agent:");
        assertThat(output).doesNotContain("\"status\":404").doesNotContain("\"status\":\"QUEUED\"");
    }
}
