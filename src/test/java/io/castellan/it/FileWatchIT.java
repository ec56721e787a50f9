package io.castellan.it;

import static io.castellan.it.Castellan.admin;
import static io.castellan.it.Castellan.deploy;
import static io.castellan.it.Castellan.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Files triggers on the test server, whose watch root is {@code target/watched}: one invocation per
 * settled change of a matching file (created, modified, deleted), none for other files or for the
 * files there before the watch began; a path outside the roots is refused at deploy.
 */
class FileWatchIT {

    static final Path ROOT = Path.of("target/watched").toAbsolutePath();

    static String watcher(String name, Path directory, String extra) {
        return """
                name: %s
                model: scripted
                triggers:
                  - files: {path: '%s/*.csv'%s}
                script:
                  - {reply: '{{trigger.payload.event}} {{trigger.payload.path}} {{trigger.payload.size}}'}
                """.formatted(name, directory, extra);
    }

    /** The process's invocations' replies, oldest first, once there are {@code count} and all ended. */
    static List<String> replies(String process, int count) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonPath page = admin().get("/processes/{name}/invocations", process).then().statusCode(200).extract().jsonPath();
            List<String> statuses = page.getList("items.status");
            return statuses.size() >= count && statuses.stream().allMatch(Castellan.ENDED::contains)
                    ? page.<String>getList("items.reply").reversed() : null;
        }, found -> found != null);
    }

    @Test
    void eachSettledChangeOfAMatchingFileStartsOneInvocation() throws IOException {
        String name = uniqueName("files");
        Path dir = Files.createDirectories(ROOT.resolve(name));
        Files.writeString(dir.resolve("before.csv"), "there before the watch");
        // the files there when the deploy answers are the watch's baseline, not changes
        deploy(watcher(name, dir, ", events: [created, modified, deleted], debounce: 1s"));

        Files.writeString(dir.resolve("notes.txt"), "not a csv");
        Path file = dir.resolve("orders.csv");
        Files.writeString(file, "id\n1\n");
        assertThat(replies(name, 1)).containsExactly("created " + file + " 5");
        Files.writeString(file, "2\n", StandardOpenOption.APPEND);
        assertThat(replies(name, 2)).containsExactly("created " + file + " 5", "modified " + file + " 7");
        Files.delete(file);
        assertThat(replies(name, 3)).containsExactly("created " + file + " 5", "modified " + file + " 7", "deleted " + file + " 7");

        Map<String, Object> trigger = admin().get("/processes/{name}/invocations", name).then().extract().jsonPath().getMap("items[0].trigger");
        assertThat(trigger).containsEntry("kind", "file");
        admin().get("/processes/{name}", name).then().body("triggers[0].kind", equalTo("files"))
                .body("triggers[0].path", equalTo(dir + "/*.csv")).body("triggers[0].debounce", equalTo("1s"));
    }

    @Test
    void aLinkUnderTheRootToADirectoryElsewhereIsNotWatched() throws IOException {
        String name = uniqueName("files-link");
        Path outside = Files.createDirectories(Path.of("target/not-watched").toAbsolutePath().resolve(name));
        Path link = Files.createSymbolicLink(ROOT.resolve(name + "-link"), outside);
        Path inside = Files.createDirectories(ROOT.resolve(name + "-real"));
        String linked = name + "-l";
        String control = name + "-c";
        deploy(watcher(linked, link, ", debounce: 500ms"));
        deploy(watcher(control, inside, ", debounce: 500ms"));
        Files.writeString(outside.resolve("secret.csv"), "outside the roots");
        Files.writeString(inside.resolve("fine.csv"), "inside");
        // both are scanned in the same passes: once the control's change is in, the link's would be too
        assertThat(replies(control, 1)).containsExactly("created " + inside.resolve("fine.csv") + " 6");
        assertThat(admin().get("/processes/{name}/invocations", linked).then().extract().<List<Object>>path("items")).isEmpty();
    }

    @Test
    void aWatchOutsideTheRootsIsRefusedAtDeploy() {
        String name = uniqueName("files-bad");
        for (String path : List.of("/etc/*.conf", ROOT + "/../escape/*.csv", ROOT + "/*/deeper/*.csv")) {
            admin().contentType("application/yaml").body("name: %s\nmodel: scripted\nscript: [{reply: ok}]\ntriggers:\n  - files: {path: '%s'}\n"
                    .formatted(name, path)).post("/processes").then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("triggers[0].files.path"));
        }
        admin().get("/processes/{name}", name).then().statusCode(404);
    }
}
