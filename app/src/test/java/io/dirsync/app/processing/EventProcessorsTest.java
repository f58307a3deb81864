package io.dirsync.app.processing;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.config.ProcessingGroup;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The table is complete: every event handler's group is declared once, and nothing else is. */
class EventProcessorsTest {

    @Test
    void everyProcessingGroupOfTheModulesIsDeclaredExactlyOnce() {
        Set<String> handled = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.dirsync").stream()
                        .filter(type -> type.isAnnotatedWith(ProcessingGroup.class.getName()))
                        .map(EventProcessorsTest::group)
                        .collect(Collectors.toSet());
        List<String> declared =
                EventProcessors.TABLE.stream().map(ProcessorDeclaration::group).toList();

        assertThat(handled).hasSizeGreaterThanOrEqualTo(17);
        assertThat(declared).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(handled);
    }

    private static String group(JavaClass type) {
        return (String) type.getAnnotationOfType(ProcessingGroup.class.getName())
                .get("value")
                .orElseThrow();
    }
}
