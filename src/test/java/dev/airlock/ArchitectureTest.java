package dev.airlock;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package structure, checked on the compiled classes: the top-level packages form no cycle
 * (cli → services → engines → model, no arrow up), nothing but the entry point imports the CLI,
 * and no fetch backend imports another one.
 */
@AnalyzeClasses(packages = "dev.airlock", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule topLevelPackagesHaveNoCycle =
      slices().matching("dev.airlock.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule onlyTheEntryPointImportsTheCli = noClasses()
      .that().resideOutsideOfPackages("dev.airlock.cli..")
      .and().resideOutsideOfPackage("dev.airlock")
      .should().dependOnClassesThat().resideInAPackage("dev.airlock.cli..");

  @ArchTest
  static final ArchRule backendsDoNotImportEachOther =
      slices().matching("dev.airlock.fetch.(*)..").should().notDependOnEachOther();
}
