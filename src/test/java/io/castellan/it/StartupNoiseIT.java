package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A start prints what an operator can act on and nothing they cannot: the black-box server's own
 * logs, as the build started it, hold none of the warnings the server configuration hides and
 * the one line that says where the admin token is.
 */
class StartupNoiseIT {

    @Test
    void theStartHasNoWarningAUserCannotActOn() {
        String messages = ServerLogs.messages();
        for (String id : List.of("SRVE9967W", "CWOWB1009W", "HHH90000029", "AMQ222165", "AMQ222166", "AMQ601", "newer than the version Flyway")) {
            assertThat(messages).as("messages.log holds %s", id).doesNotContain(id);
        }
    }

    @Test
    void theConsoleSaysWhereTheAdminTokenIs() throws IOException {
        assertThat(Files.readString(ServerLogs.DIR.resolve("console.log"))).contains("Castellan admin token");
    }
}
