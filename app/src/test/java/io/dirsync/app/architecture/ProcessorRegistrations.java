package io.dirsync.app.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;

/** Calls that configure the event processor of one named processing group. */
final class ProcessorRegistrations {
    private static final String CONFIGURER = "org.axonframework.config.EventProcessingConfigurer";

    static final DescribedPredicate<JavaMethodCall> PER_GROUP = DescribedPredicate.describe(
            "an EventProcessingConfigurer method that takes a processing group's name",
            call -> call.getTarget().getOwner().getName().equals(CONFIGURER)
                    && call.getTarget().getName().startsWith("register")
                    && !call.getTarget().getName().startsWith("registerDefault")
                    && !call.getTarget().getRawParameterTypes().isEmpty()
                    && call.getTarget().getRawParameterTypes().get(0).getName().equals(String.class.getName()));

    private ProcessorRegistrations() {}
}
