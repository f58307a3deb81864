package io.dirsync.command;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.ReflectionUtils;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Finds a command's target aggregate as Axon's {@link AnnotationCommandTargetResolver} does (the field or method
 * annotated {@link TargetAggregateIdentifier}, and {@link TargetAggregateVersion}), but looks for the annotated
 * members once per command class. Axon's resolver walks every method and field of the command, with their
 * meta-annotations, on every command, twice (docs/benchmarks/design-notes.md).
 */
public class CachingCommandTargetResolver implements CommandTargetResolver {

    private final ClassValue<Target> targets = new ClassValue<>() {
        @Override
        protected Target computeValue(Class<?> commandType) {
            return new Target(
                    annotated(commandType, TargetAggregateIdentifier.class),
                    annotated(commandType, TargetAggregateVersion.class));
        }
    };

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Target target = targets.get(command.getPayloadType());
        Object identifier =
                target.identifier() == null ? null : target.identifier().read(command.getPayload());
        if (identifier == null) {
            throw new IllegalArgumentException(String.format(
                    "Invalid command. It does not identify the target aggregate. "
                            + "Make sure at least one of the fields or methods in the [%s] class contains the "
                            + "@TargetAggregateIdentifier annotation and that it returns a non-null value.",
                    command.getPayloadType().getSimpleName()));
        }
        return new VersionedAggregateIdentifier(
                identifier,
                asLong(target.version() == null ? null : target.version().read(command.getPayload())));
    }

    private record Target(Member identifier, Member version) {}

    /** A method or field of the command, read reflectively. */
    @FunctionalInterface
    private interface Member {
        Object read(Object command);
    }

    /** Methods first, then fields, as Axon's resolver looks. */
    private static Member annotated(Class<?> commandType, Class<? extends Annotation> annotation) {
        for (Method method : ReflectionUtils.methodsOf(commandType)) {
            if (AnnotationUtils.isAnnotationPresent(method, annotation)) {
                ReflectionUtils.ensureAccessible(method);
                return command -> invoke(method, command);
            }
        }
        for (Field field : ReflectionUtils.fieldsOf(commandType)) {
            if (AnnotationUtils.isAnnotationPresent(field, annotation)) {
                ReflectionUtils.ensureAccessible(field);
                return command -> ReflectionUtils.getFieldValue(field, command);
            }
        }
        return null;
    }

    private static Object invoke(Method method, Object command) {
        try {
            return method.invoke(command);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(
                    "An exception occurred while extracting aggregate information from a command", e);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException(
                    "The current security context does not allow extraction of aggregate "
                            + "information from the given command.",
                    e);
        }
    }

    private static Long asLong(Object version) {
        if (version == null) {
            return null;
        }
        return version instanceof Number number ? number.longValue() : Long.parseLong(version.toString());
    }
}
