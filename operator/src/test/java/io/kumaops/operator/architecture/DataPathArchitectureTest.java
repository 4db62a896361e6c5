package io.kumaops.operator.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The data path is one way: API types → model → Kuma admission → plan and rules → status, with no client and no
 * I/O in the pure core, and no package cycles anywhere (docs/architecture.md).
 */
class DataPathArchitectureTest {

    private static final String BASE = "io.kumaops.operator";

    /** What the pure core may use besides itself: the JDK and data libraries (Jackson, fabric8's model classes). */
    private static final String[] PURE_DEPENDENCIES = {
            "java..", "javax.annotation..",
            "com.fasterxml.jackson.annotation..", "com.fasterxml.jackson.core..", "com.fasterxml.jackson.databind..",
            "io.fabric8.kubernetes.api.model..", "io.fabric8.crd.generator.annotation..", "io.fabric8.generator.annotation..",
            "io.fabric8.kubernetes.model.annotation..", "io.sundr..",
            BASE + ".api..", BASE + ".model..", BASE + ".admission.."};

    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(BASE);
    }

    @Test
    void modelAndAdmissionDependOnlyOnApiTypesAndDataLibraries() {
        check(classes().that().resideInAnyPackage(BASE + ".model..", BASE + ".admission..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(PURE_DEPENDENCIES));
    }

    @Test
    void plannerDependsOnlyOnThePureCore() {
        check(classes().that().resideInAPackage(BASE + ".plan..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(concat(PURE_DEPENDENCIES, BASE + ".plan..")));
    }

    @Test
    void rulesDependOnlyOnThePureCore() {
        check(classes().that().resideInAPackage(BASE + ".rules..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(concat(PURE_DEPENDENCIES, BASE + ".rules..")));
    }

    @Test
    void statusDependsOnlyOnThePureCoreAndItsResults() {
        check(classes().that().resideInAPackage(BASE + ".status..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        concat(PURE_DEPENDENCIES, BASE + ".status..", BASE + ".plan..", BASE + ".rules..")));
    }

    @Test
    void thePureCoreNeverTalksToAClusterOrTheFileSystem() {
        check(noClasses().that().resideInAnyPackage(BASE + ".model..", BASE + ".admission..", BASE + ".plan..", BASE + ".rules..",
                        BASE + ".status..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8.kubernetes.client..", "java.net..", "java.nio.file..",
                        "io.javaoperatorsdk.."));
    }

    @Test
    void noPackageCycles() {
        check(slices().matching(BASE + ".(*)..").should().beFreeOfCycles());
    }

    private static void check(ArchRule rule) {
        rule.check(production);
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
