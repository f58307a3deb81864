package io.dirsync.app.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module rules, checked on the compiled main classes of every module (app's tests see them all). The Maven
 * dependencies already keep a module from using one it does not declare; these rules cover what they cannot:
 * the two sides stay apart although app puts both on one class path, the message contract and the SCIM model stay
 * free of frameworks, and no package depends on itself through others.
 */
@AnalyzeClasses(packages = "io.dirsync", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule theCommandSideDoesNotKnowTheQuerySide = noClasses()
            .that()
            .resideInAPackage("io.dirsync.command..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.dirsync.query..");

    @ArchTest
    static final ArchRule theQuerySideDoesNotKnowTheCommandSide = noClasses()
            .that()
            .resideInAPackage("io.dirsync.query..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.dirsync.command..");

    /** shared-api and scim-core are used by both sides and know neither, nor the assembly. */
    @ArchTest
    static final ArchRule theContractAndTheScimModelKnowNoSide = noClasses()
            .that()
            .resideInAnyPackage("io.dirsync.api..", "io.dirsync.scim..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.dirsync.command..", "io.dirsync.query..", "io.dirsync.app..");

    @ArchTest
    static final ArchRule theScimModelDoesNotKnowTheContractsUsers = noClasses()
            .that()
            .resideInAPackage("io.dirsync.api..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.dirsync.scim..");

    /**
     * Plain Java: no Spring at all, and of Axon only the annotations a message carries (its revision, the
     * aggregate a command targets), so the contract can be read and serialised without the framework running.
     */
    @ArchTest
    static final ArchRule theContractAndTheScimModelUseNoFramework = noClasses()
            .that()
            .resideInAnyPackage("io.dirsync.api..", "io.dirsync.scim..")
            .should()
            .dependOnClassesThat(FrameworkClasses.BEYOND_MESSAGE_ANNOTATIONS);

    /** Which processor runs a processing group is declared in one table, {@code EventProcessors}, and nowhere else. */
    @ArchTest
    static final ArchRule processorsAreDeclaredInOnePlace = noClasses()
            .that()
            .resideOutsideOfPackage("io.dirsync.app.processing")
            .should()
            .callMethodWhere(ProcessorRegistrations.PER_GROUP);

    /**
     * A module's root package and each of its feature packages (with their subpackages) are slices: a root that
     * wires the features must not also serve them helpers, and two features must not need each other.
     */
    @ArchTest
    static final ArchRule noPackageCycles =
            slices().assignedFrom(new FeaturePackages()).should().beFreeOfCycles();
}
