package io.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * File watches across kill -9: what changed while the server was down (a file created, one
 * modified, one deleted) is found at the next start by comparing with what was last seen, and
 * handed over once; what was handed over before the kill is not handed over again.
 */
class FileWatchAcrossKillIT {


    @Test
    void changesMadeWhileTheServerWasDownAreFoundOnceAtTheNextStart() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/watched-crash").toAbsolutePath().resolve(Castellan.uniqueName("down")));
        Files.writeString(dir.resolve("gone.csv"), "to be deleted while down");
        OwnServer.upAndReady();
        String token = OwnServer.generatedAdminToken();
        String name = Castellan.uniqueName("files-kill");
        OwnServer.api(token).contentType("application/yaml").body(FileWatchIT.watcher(name, dir, ", events: [created, modified, deleted], debounce: 1s"))
                .post("/processes").then().statusCode(201);
        Path kept = dir.resolve("kept.csv");
        Files.writeString(kept, "a\n");
        await().atMost(Duration.ofSeconds(60)).until(() -> replies(token, name).size() == 1);

        OwnServer.killMinus9();
        Files.writeString(kept, "b\n", StandardOpenOption.APPEND);
        Files.writeString(dir.resolve("new.csv"), "born while down\n");
        Files.delete(dir.resolve("gone.csv"));
        OwnServer.startAndAwaitReady();

        await().atMost(Duration.ofSeconds(120)).until(() -> replies(token, name).size() >= 4);
        List<String> replies = replies(token, name);
        assertThat(replies).containsExactlyInAnyOrder("created " + kept + " 2", "modified " + kept + " 4",
                "created " + dir.resolve("new.csv") + " 16", "deleted " + dir.resolve("gone.csv") + " 24");
    }

    /** The ended invocations' replies. */
    private static List<String> replies(String token, String name) {
        JsonPath page = OwnServer.api(token).get("/processes/{name}/invocations", name).then().statusCode(200).extract().jsonPath();
        return page.<String>getList("items.reply").stream().filter(r -> r != null).toList();
    }
}
