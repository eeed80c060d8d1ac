package io.alps.ml.arch;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** ml-core's packages form no cycle: each can be understood, and changed, above the ones it uses. */
class PackageCyclesTest {
    @Test
    void noPackageCycle() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.alps.ml");
        slices().matching("io.alps.ml.(**)").should().beFreeOfCycles().check(classes);
    }
}
