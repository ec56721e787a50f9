package io.castellan.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** What the CLI's tests share: a manifest to deploy and a folder for the files the commands read. */
abstract class CliSession {

    @TempDir
    static Path files;

    static String agent(String name) {
        return """
                name: %s
                description: Greets whoever asks
                model: scripted
                tools: [state_set]
                triggers: [{cron: "0 5 * * *"}]
                script:
                  - {tool: state_set, args: {key: greeted, value: "{{trigger.payload.who}}"}}
                  - reply: "Hello {{trigger.payload.who}}"
                """.formatted(name);
    }

    static String file(String name, String text) throws IOException {
        return Files.writeString(files.resolve(name), text).toString();
    }
}
