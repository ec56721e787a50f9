package io.castellan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The README's commands depend on how pom.xml orders its executions, which no other test sees:
 * {@code mvn liberty:run} compiles, creates and deploys with the configuration of the first
 * execution of each goal it finds, and {@code mvn package} runs while a server does. Each rule
 * here broke a fresh checkout or a running server once.
 */
class BuildConfigurationTest {

    private static Element project;
    private static Element build;

    @BeforeAll
    static void readPom() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document pom = factory.newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        project = pom.getDocumentElement();
        build = child(project, "build");
    }

    @Test
    void libertyRunCompilesTheServerForItsOwnJava() {
        Element first = firstExecutionOf("maven-compiler-plugin", "compile");
        assertEquals("none", text(first, "phase"), "liberty:run's compile execution must run only for liberty:run");
        Element config = child(first, "configuration");
        assertTrue(config == null || child(config, "release") == null,
                "liberty:run compiled the server with the CLI's release 17 once: its execution must keep the project's release");
    }

    @Test
    void libertyRunCreatesAndDeploysTheServerUnderTargetLiberty() {
        for (String goal : List.of("create", "deploy")) {
            Element first = firstExecutionOf("liberty-maven-plugin", goal);
            assertEquals("none", text(first, "phase"), goal + ": liberty:run's execution is bound to no phase");
            assertTrue(child(first, "configuration") == null, goal + ": liberty:run's execution takes the plugin's own configuration");
        }
    }

    @Test
    void packagingNeverTouchesTheServerThatLibertyRunRuns() {
        for (Element execution : executions("liberty-maven-plugin")) {
            String phase = text(execution, "phase");
            if (!"package".equals(phase) && !"prepare-package".equals(phase)) {
                continue;
            }
            Element config = child(execution, "configuration");
            assertNotNull(config, text(execution, "id") + " runs in a package build on the dev server");
            assertNotNull(child(config, "runtimeInstallDirectory"), text(execution, "id") + " must use a server of its own");
            assertFalse(text(config, "runtimeInstallDirectory").contains("/liberty"), "the package's server is not under target/liberty");
        }
    }

    @Test
    void onlyThePackagedAndTheBlackBoxServerKeepAStartUpCache() {
        // the plugin parses every file in a server's configDropins as XML, the cache's jvm.options too
        Element plugin = children(child(build, "plugins"), "plugin").stream()
                .filter(p -> "liberty-maven-plugin".equals(text(p, "artifactId"))).findFirst().orElseThrow();
        assertEquals("false", text(child(child(plugin, "configuration"), "bootstrapProperties"), "castellan.startup.cache"),
                "every server the plugin makes, liberty:run's first, runs without the cache");
        for (Element execution : executions("liberty-maven-plugin")) {
            Element properties = child(child(execution, "configuration"), "bootstrapProperties");
            String cache = text(properties, "castellan.startup.cache");
            boolean on = List.of("package-server", "it-server").contains(text(execution, "id"));
            assertEquals(on ? "true" : null, cache, text(execution, "id") + ": castellan.startup.cache");
        }
    }

    @Test
    void skippingTheTestsSkipsThePostgresqlPassWhoseServerWouldOutliveTheBuild() {
        // its server starts without waiting and its stop comes after its tests: with none to run,
        // the stop found no server yet and the server started after the build had ended
        for (String property : List.of("skipTests", "skipITs")) {
            Element profile = children(child(project, "profiles"), "profile").stream()
                    .filter(p -> property.equals(text(child(child(p, "activation"), "property"), "name")))
                    .findFirst().orElseThrow(() -> new AssertionError("no profile is activated by -D" + property));
            assertEquals("true", text(child(profile, "properties"), "pg.pass.skip"), "-D" + property + " must skip the PostgreSQL pass");
        }
        Element start = executions("exec-maven-plugin").stream()
                .filter(e -> "start-it-postgresql-server".equals(text(e, "id"))).findFirst().orElseThrow();
        assertEquals("${pg.pass.skip}", text(child(start, "configuration"), "skip"), "the PostgreSQL pass's server starts only with its pass");
    }

    private static Element firstExecutionOf(String plugin, String goal) {
        for (Element execution : executions(plugin)) {
            Element goals = child(execution, "goals");
            for (Element g : children(goals, "goal")) {
                if (goal.equals(g.getTextContent().trim())) {
                    return execution;
                }
            }
        }
        throw new AssertionError(plugin + " has no execution of " + goal);
    }

    private static List<Element> executions(String artifactId) {
        for (Element plugin : children(child(build, "plugins"), "plugin")) {
            if (artifactId.equals(text(plugin, "artifactId"))) {
                return children(child(plugin, "executions"), "execution");
            }
        }
        throw new AssertionError("pom.xml has no " + artifactId);
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    private static Element child(Element parent, String name) {
        List<Element> all = children(parent, name);
        return all.isEmpty() ? null : all.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getTagName())) {
                found.add(e);
            }
        }
        return found;
    }
}
