package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.awaitAnInvocation;
import static io.castellan.it.Castellan.awaitEnded;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A trigger posted over AMQP 1.0 by a client that is not Java: the README's Python example
 * ({@code examples/send-trigger-amqp.py}, Debian's python3-qpid-proton), run as written.
 */
class AmqpTriggerIT {

    private static final Path SENDER = Path.of("examples/send-trigger-amqp.py");

    @Test
    void aPythonClientWithAnOperatorsTokenWakesTheProcess() throws Exception {
        String name = uniqueName("amqp");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: \"got {{trigger.payload.order}} over {{trigger.kind}}\"}]\n".formatted(name));
        String tokenName = uniqueName("amqp-client");
        String token = Castellan.token(tokenName, "operator");

        Result sent = send(tokenName, token, name, "{\"order\": 17}");

        assertThat(sent.exit()).as(sent.output()).isZero();
        assertThat(awaitEnded(awaitAnInvocation(name)).getString("reply")).isEqualTo("got 17 over jms");
    }

    @Test
    void aWrongTokenIsRefusedAndNothingRuns() throws Exception {
        String name = uniqueName("amqp-refused");
        deploy("name: %s\nmodel: scripted\nscript: [{reply: ok}]\n".formatted(name));
        String viewer = uniqueName("amqp-viewer");
        String viewerToken = Castellan.token(viewer, "viewer");

        Result wrong = send(viewer, "not-a-token", name, "{}");
        Result viewers = send(viewer, viewerToken, name, "{}");

        assertThat(wrong.exit()).as(wrong.output()).isEqualTo(1);
        assertThat(wrong.output()).contains("unauthorized-access");
        assertThat(viewers.exit()).as("a viewer may not trigger: " + viewers.output()).isEqualTo(1);
        assertThat(admin().get("/processes/{name}/invocations", name).then().extract().<List<?>>path("items")).isEmpty();
    }

    private record Result(int exit, String output) {
    }

    private static Result send(String tokenName, String token, String process, String json) throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        assertThat(python).as("Debian's python3 with python3-qpid-proton (.ci/run installs it)").exists();
        Process sender = new ProcessBuilder(python.toString(), SENDER.toString(), "amqp://127.0.0.1:" + Castellan.brokerPort(),
                tokenName, token, process, json).redirectErrorStream(true).start();
        assertThat(sender.waitFor(60, TimeUnit.SECONDS)).as("the sender finished").isTrue();
        String output = new String(sender.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output).as("python3-qpid-proton is installed (.ci/run installs it)").doesNotContain("No module named 'proton'");
        return new Result(sender.exitValue(), output);
    }
}
