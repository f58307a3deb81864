package io.dirsync.app.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * Slices by feature: {@code io.dirsync.query.user} and its subpackages are the slice "query.user"; classes right
 * in a module's root package, such as {@code io.dirsync.query}, are the slice "query".
 */
class FeaturePackages implements SliceAssignment {
    private static final String ROOT = "io.dirsync.";

    @Override
    public SliceIdentifier getIdentifierOf(JavaClass type) {
        String name = type.getPackageName();
        if (!name.startsWith(ROOT)) {
            return SliceIdentifier.ignore();
        }
        String[] parts = name.substring(ROOT.length()).split("\\.");
        return SliceIdentifier.of(parts.length == 1 ? parts[0] : parts[0] + "." + parts[1]);
    }

    @Override
    public String getDescription() {
        return "the root package and the feature packages of each module";
    }
}
