package io.continuum.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.vertx.core.Deployable;

/** The module's layering rules (DESIGN §2), checked on the compiled main classes. */
@AnalyzeClasses(packages = "io.continuum", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule theReplayCoreKnowsNothingOfVertx =
      noClasses()
          .that()
          .resideInAPackage("io.continuum.core..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.vertx..")
          .because("the replay core is sans-IO: events in, commands out");

  @ArchTest
  static final ArchRule theReplayCoreDoesNotReachUpIntoTheEngine =
      noClasses()
          .that()
          .resideInAPackage("io.continuum.core..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.continuum.journal..", "io.continuum.runtime..", "io.continuum.testing..");

  @ArchTest
  static final ArchRule theRuntimeImplementationIsPrivateToTheRuntime =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.continuum.runtime..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.continuum.runtime.impl..");

  @ArchTest
  static final ArchRule theJournalSpiDoesNotDependOnTheRuntime =
      noClasses()
          .that()
          .resideInAPackage("io.continuum.journal..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.continuum.runtime..", "io.continuum.testing..");

  @ArchTest
  static final ArchRule verticlesNeverLock =
      methods()
          .that()
          .areDeclaredInClassesThat()
          .areAssignableTo(Deployable.class)
          .should()
          .notHaveModifier(JavaModifier.SYNCHRONIZED)
          .because("verticle state is confined to its context");

  @ArchTest
  static final ArchRule nothingInMainCodeSleeps =
      noClasses()
          .should()
          .callMethod(Thread.class, "sleep", long.class)
          .because("no blocking waits on an event loop; inject the clock and await conditions");
}
