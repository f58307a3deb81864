package io.dirsync.app.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;

import java.util.Set;

/** Which framework classes the message contract and the SCIM model must not use. */
final class FrameworkClasses {
    /** The Axon annotations a message may carry; the rest of Axon is for the modules that run it. */
    static final Set<String> MESSAGE_ANNOTATIONS = Set.of(
            "org.axonframework.serialization.Revision",
            "org.axonframework.modelling.command.TargetAggregateIdentifier");

    static final DescribedPredicate<JavaClass> BEYOND_MESSAGE_ANNOTATIONS = DescribedPredicate.describe(
            "are Spring or Axon classes other than " + MESSAGE_ANNOTATIONS,
            type -> type.getPackageName().startsWith("org.springframework")
                    || type.getPackageName().startsWith("org.axonframework")
                            && !MESSAGE_ANNOTATIONS.contains(type.getName()));

    private FrameworkClasses() {}
}
