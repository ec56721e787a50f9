package io.castellan;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ejb.MessageDriven;
import jakarta.persistence.Entity;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

/**
 * Castellan's package boundaries. Areas depend one way: manifest, then process, then journal,
 * state, conversation and usage, then model and tool, then invocation, then trigger; {@code api} wires them together;
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
                .layer("Access").definedBy("io.castellan.access..")
                .layer("Manifest").definedBy("io.castellan.manifest..")
                .layer("Process").definedBy("io.castellan.process..")
                .layer("Journal").definedBy("io.castellan.journal..")
                .layer("State").definedBy("io.castellan.state..")
                .layer("Conversation").definedBy("io.castellan.conversation..")
                .layer("Usage").definedBy("io.castellan.usage..")
                .layer("Model").definedBy("io.castellan.model..")
                .layer("Tool").definedBy("io.castellan.tool..")
                .layer("Invocation").definedBy("io.castellan.invocation..")
                .layer("Trigger").definedBy("io.castellan.trigger..")
                .layer("Broker").definedBy("io.castellan.broker..")
                .layer("Health").definedBy("io.castellan.health..")
                .layer("Api").definedBy("io.castellan.api..")
                .whereLayer("Api").mayNotBeAccessedByAnyLayer()
                .whereLayer("Broker").mayNotBeAccessedByAnyLayer()
                .whereLayer("Health").mayNotBeAccessedByAnyLayer()
                .whereLayer("Trigger").mayOnlyBeAccessedByLayers("Api")
                .whereLayer("Invocation").mayOnlyBeAccessedByLayers("Trigger", "Api")
                .whereLayer("Model").mayOnlyBeAccessedByLayers("Invocation")
                .whereLayer("Tool").mayOnlyBeAccessedByLayers("Invocation")
                .whereLayer("State").mayOnlyBeAccessedByLayers("Tool", "Invocation", "Api")
                .whereLayer("Conversation").mayOnlyBeAccessedByLayers("Invocation")
                .whereLayer("Usage").mayOnlyBeAccessedByLayers("Invocation", "Api")
                .whereLayer("Journal").mayOnlyBeAccessedByLayers("State", "Invocation", "Api")
                .whereLayer("Process").mayOnlyBeAccessedByLayers("Journal", "State", "Conversation", "Usage", "Invocation", "Trigger", "Api")
                .whereLayer("Manifest").mayOnlyBeAccessedByLayers("Process", "Model", "Tool", "Invocation", "Trigger", "Api")
                .whereLayer("Access").mayOnlyBeAccessedByLayers("Process", "Journal", "State", "Usage", "Invocation", "Trigger", "Api")
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
