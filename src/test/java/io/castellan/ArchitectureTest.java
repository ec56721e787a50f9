package io.castellan;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ejb.MessageDriven;
import jakarta.persistence.Entity;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

/**
 * Castellan's package boundaries. Areas depend one way: manifest, then process, then journal,
 * state, conversation and usage, then escalation, budget, behaviour, secret and mission, then model and tool, then invocation, then trigger
 * and workspace (the sandboxed executor's tools and their reviewer); {@code api} wires them together;
 * {@code platform} knows none of them. Areas learn of process changes from events, not calls.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.castellan");

    @Test
    void areasDependOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Platform").definedBy("io.castellan.platform..")
                .layer("Cluster").definedBy("io.castellan.cluster..")
                .layer("Telemetry").definedBy("io.castellan.telemetry..")
                .layer("Access").definedBy("io.castellan.access..")
                .layer("Audit").definedBy("io.castellan.audit..")
                .layer("Manifest").definedBy("io.castellan.manifest..")
                .layer("Process").definedBy("io.castellan.process..")
                .layer("Journal").definedBy("io.castellan.journal..")
                .layer("State").definedBy("io.castellan.state..")
                .layer("Inbox").definedBy("io.castellan.inbox..")
                .layer("Memory").definedBy("io.castellan.memory..")
                .layer("OpenMode").definedBy("io.castellan.openmode..")
                .layer("Extension").definedBy("io.castellan.extension..")
                .layer("Conversation").definedBy("io.castellan.conversation..")
                .layer("Usage").definedBy("io.castellan.usage..")
                .layer("Escalation").definedBy("io.castellan.escalation..")
                .layer("Budget").definedBy("io.castellan.budget..")
                .layer("Behaviour").definedBy("io.castellan.behaviour..")
                .layer("Secret").definedBy("io.castellan.secret..")
                .layer("Mission").definedBy("io.castellan.mission..")
                .layer("Model").definedBy("io.castellan.model..")
                .layer("Tool").definedBy("io.castellan.tool..")
                .layer("Invocation").definedBy("io.castellan.invocation..")
                .layer("Trigger").definedBy("io.castellan.trigger..")
                .layer("Event").definedBy("io.castellan.event..")
                .layer("Message").definedBy("io.castellan.message..")
                .layer("Approval").definedBy("io.castellan.approval..")
                .layer("Broker").definedBy("io.castellan.broker..")
                .layer("Probe").definedBy("io.castellan.probe..")
                .layer("Fleet").definedBy("io.castellan.fleet..")
                .layer("Retention").definedBy("io.castellan.retention..")
                .layer("Workspace").definedBy("io.castellan.workspace..")
                .layer("History").definedBy("io.castellan.history..")
                .layer("Expose").definedBy("io.castellan.expose..")
                .layer("Api").definedBy("io.castellan.api..")
                .layer("Startup").definedBy("io.castellan.startup..")
                .whereLayer("Api").mayNotBeAccessedByAnyLayer()
                .whereLayer("Startup").mayNotBeAccessedByAnyLayer()
                .whereLayer("Cluster").mayOnlyBeAccessedByLayers("Telemetry", "Invocation", "Trigger", "Behaviour", "Probe", "Api")
                .whereLayer("Audit").mayOnlyBeAccessedByLayers("Expose", "Invocation", "Api")
                .whereLayer("Fleet").mayOnlyBeAccessedByLayers("Api")
                .whereLayer("Retention").mayOnlyBeAccessedByLayers("Api")
                .whereLayer("Workspace").mayOnlyBeAccessedByLayers("Probe")
                .whereLayer("History").mayOnlyBeAccessedByLayers("Api")
                .whereLayer("Expose").mayOnlyBeAccessedByLayers("Api")
                .whereLayer("Broker").mayOnlyBeAccessedByLayers("Event")
                .whereLayer("Message").mayOnlyBeAccessedByLayers("Api")
                .whereLayer("Approval").mayOnlyBeAccessedByLayers("Api")
                .whereLayer("Event").mayOnlyBeAccessedByLayers("Message", "Retention", "Api")
                .whereLayer("Probe").mayNotBeAccessedByAnyLayer()
                .whereLayer("Trigger").mayOnlyBeAccessedByLayers("Api")
                .whereLayer("Invocation").mayOnlyBeAccessedByLayers("Expose", "History", "Trigger", "Event", "Message", "Approval", "Fleet", "Retention", "Workspace", "Api")
                .whereLayer("Budget").mayOnlyBeAccessedByLayers("Invocation", "Fleet", "OpenMode", "Api")
                .whereLayer("Behaviour").mayOnlyBeAccessedByLayers("Invocation", "Fleet", "OpenMode", "Api")
                .whereLayer("Secret").mayOnlyBeAccessedByLayers("Invocation", "Workspace", "Probe", "Api")
                .whereLayer("Mission").mayOnlyBeAccessedByLayers("Invocation", "Fleet", "Api")
                .whereLayer("Escalation").mayOnlyBeAccessedByLayers("Budget", "Behaviour", "Mission", "Invocation")
                .whereLayer("Model").mayOnlyBeAccessedByLayers("Invocation")
                .whereLayer("Tool").mayOnlyBeAccessedByLayers("Expose", "Invocation", "Event", "Message", "Workspace", "Memory", "OpenMode", "Extension")
                .whereLayer("State").mayOnlyBeAccessedByLayers("History", "Tool", "Invocation", "OpenMode", "Api")
                .whereLayer("Inbox").mayOnlyBeAccessedByLayers("Invocation", "Api")
                .whereLayer("Memory").mayOnlyBeAccessedByLayers("History", "Invocation", "Api")
                .whereLayer("OpenMode").mayNotBeAccessedByAnyLayer()
                .whereLayer("Extension").mayOnlyBeAccessedByLayers("Invocation")
                .whereLayer("Conversation").mayOnlyBeAccessedByLayers("History", "Invocation", "Retention")
                .whereLayer("Usage").mayOnlyBeAccessedByLayers("Invocation", "Api")
                .whereLayer("Journal").mayOnlyBeAccessedByLayers("Expose", "History", "State", "Inbox", "Memory", "OpenMode", "Budget", "Behaviour", "Secret", "Mission", "Invocation", "Api")
                .whereLayer("Process").mayOnlyBeAccessedByLayers("Expose", "History", "Retention", "Workspace", "Journal", "State", "Inbox", "Memory", "OpenMode", "Conversation", "Usage", "Escalation", "Budget", "Behaviour", "Secret", "Mission", "Invocation", "Trigger", "Event", "Message", "Fleet", "Api")
                .whereLayer("Manifest").mayOnlyBeAccessedByLayers("Expose", "Retention", "Workspace", "OpenMode", "Extension", "Memory", "Process", "Escalation", "Budget", "Behaviour", "Secret", "Mission", "Model", "Tool", "Invocation", "Trigger", "Event", "Message", "Fleet", "Api")
                .whereLayer("Access").mayOnlyBeAccessedByLayers("Expose", "Telemetry", "History", "Retention", "Workspace", "Audit", "Process", "Journal", "State", "Inbox", "Memory", "Usage", "Budget", "Behaviour", "Secret", "Mission", "Invocation", "Trigger", "Event", "Message", "Approval", "Broker", "Fleet", "Api")
                .check(CLASSES);
    }

    @Test
    void areasHaveNoCycles() {
        slices().matching("io.castellan.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void entitiesKnowNothingOfRestOrMessaging() {
        noClasses().that().areAnnotatedWith(Entity.class)
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "jakarta.jms..")
                .check(CLASSES);
    }

    /** The persistence unit excludes unlisted classes: an entity missing from it fails only at run time. */
    @Test
    void everyEntityIsListedInThePersistenceUnit() throws java.io.IOException {
        String unit = java.nio.file.Files.readString(java.nio.file.Path.of("src/main/resources/META-INF/persistence.xml"));
        java.util.List<String> entities = CLASSES.stream().filter(c -> c.isAnnotatedWith(Entity.class)).map(JavaClass::getName).toList();
        org.assertj.core.api.Assertions.assertThat(entities).isNotEmpty()
                .allSatisfy(e -> org.assertj.core.api.Assertions.assertThat(unit).contains("<class>" + e + "</class>"));
    }

    /** The applications list their resources: one left out answers 404 and fails only at run time. */
    @Test
    void everyResourceIsPartOfAnApplication() {
        java.util.Set<Class<?>> registered = new java.util.HashSet<>(new io.castellan.api.ApiApplication().getClasses());
        registered.addAll(new io.castellan.api.HooksApplication().getClasses());
        registered.addAll(new io.castellan.api.MetricsApplication().getClasses());
        registered.addAll(new io.castellan.api.McpApplication().getClasses());
        registered.addAll(new io.castellan.api.A2aApplication().getClasses());
        java.util.List<String> names = registered.stream().map(Class::getName).toList();
        org.assertj.core.api.Assertions.assertThat(CLASSES.stream().filter(c -> c.isAnnotatedWith(Path.class)).map(JavaClass::getName).toList())
                .isNotEmpty().allSatisfy(resource -> org.assertj.core.api.Assertions.assertThat(names).contains(resource));
    }

    /** An enterprise bean's package-private method called through its proxy fails at run time ("not a business method"). */
    @Test
    void enterpriseBeansExposeOnlyPublicMethods() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods()
                .that().areDeclaredInClassesThat().areAnnotatedWith(jakarta.ejb.Singleton.class)
                .and().areNotPrivate()
                .and().areNotStatic()
                .and().areNotAnnotatedWith(jakarta.ejb.Schedule.class)
                .and().areNotAnnotatedWith(jakarta.ejb.Timeout.class)
                .and().areNotAnnotatedWith(jakarta.annotation.PostConstruct.class)
                .and().areNotAnnotatedWith(jakarta.annotation.PreDestroy.class)
                .should().bePublic()
                .check(CLASSES);
    }

    /**
     * {@code @Schedule} is persistent unless told otherwise, and the server has no persistent timer
     * service (its feature cost start time): a persistent one would stop the application deploying.
     */
    @Test
    void automaticTimersAreNotPersistent() {
        java.util.List<String> persistent = CLASSES.stream().flatMap(c -> c.getMethods().stream())
                .filter(m -> m.isAnnotatedWith(jakarta.ejb.Schedule.class))
                .filter(m -> m.getAnnotationOfType(jakarta.ejb.Schedule.class).persistent())
                .map(m -> m.getFullName()).toList();
        org.assertj.core.api.Assertions.assertThat(persistent).isEmpty();
    }

    /**
     * A sweep that runs every few seconds fires on one of {@link io.castellan.platform.TimerSeconds}'s
     * seconds, never on second 0, when a minute's cron schedules fall due and fire.
     */
    @Test
    void sweepsKeepOffTheCronSecond() {
        java.util.List<String> onSecondZero = CLASSES.stream().flatMap(c -> c.getMethods().stream())
                .filter(m -> m.isAnnotatedWith(jakarta.ejb.Schedule.class))
                .filter(m -> firesOnSecondZero(m.getAnnotationOfType(jakarta.ejb.Schedule.class).second()))
                .map(m -> m.getFullName()).toList();
        org.assertj.core.api.Assertions.assertThat(onSecondZero).isEmpty();
    }

    /** Every second ({@code *}) is the cron tick's own rhythm and allowed; a list, a range or an increment from 0 is not. */
    private static boolean firesOnSecondZero(String second) {
        if (second.equals("*")) {
            return false;
        }
        return java.util.Arrays.stream(second.split(",")).anyMatch(part -> part.startsWith("*/")
                || part.startsWith("0/") || part.startsWith("0-") || part.matches("0+"));
    }

    /** Only what a protocol says is open to anyone may skip the bearer token: the A2A agent card. */
    @Test
    void onlyTheAgentCardIsPublic() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods().that().areAnnotatedWith(io.castellan.access.Public.class)
                .should().beDeclaredIn(io.castellan.expose.a2a.AgentCardResource.class)
                .check(CLASSES);
    }

    @Test
    void namesSayWhatClassesAre() {
        classes().that().areAnnotatedWith(Path.class).should().haveSimpleNameEndingWith("Resource").check(CLASSES);
        classes().that().areAnnotatedWith(MessageDriven.class).should().haveSimpleNameEndingWith("Consumer").check(CLASSES);
    }

    @Test
    void nothingPrintsStackTraces() {
        noClasses().should().callMethod(Throwable.class, "printStackTrace").check(CLASSES);
    }
}
