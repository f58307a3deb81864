package io.dirsync.scim.fuzz;

import io.dirsync.scim.ScimException;

import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A tiny property-based runner on a seeded {@link Random} that prints its seed on failure. The build uses one
 * fixed seed, so a red build always means a change broke something, never an unlucky draw;
 * {@code -Ddirsync.fuzz.seed=random} explores with a fresh seed, {@code -Ddirsync.fuzz.seed=<seed>} replays a
 * failing run exactly, and {@code -Ddirsync.fuzz.iterations=<n>} runs longer.
 */
public final class Fuzzing {
    public static final String SEED_PROPERTY = "dirsync.fuzz.seed";
    public static final String ITERATIONS_PROPERTY = "dirsync.fuzz.iterations";
    private static final long BUILD_SEED = 20261128L;

    private Fuzzing() {}

    public static long seed() {
        String seed = System.getProperty(SEED_PROPERTY, "").trim();
        if (seed.isEmpty()) {
            return BUILD_SEED;
        }
        return seed.equals("random") ? new Random().nextLong() : Long.parseLong(seed);
    }

    public static int iterations(int byDefault) {
        return Integer.getInteger(ITERATIONS_PROPERTY, byDefault);
    }

    /**
     * Draws {@code iterations} inputs and feeds each to {@code target}. The target may answer anything or throw
     * a {@link ScimException} with a 4xx status; anything else fails the test, naming the seed and the input.
     */
    public static <T> void onlyScimErrors(
            String what, int iterations, Function<Random, T> inputs, Function<T, ?> target) {
        long seed = seed();
        Random random = new Random(seed);
        for (int i = 0; i < iterations(iterations); i++) {
            T input = inputs.apply(random);
            try {
                target.apply(input);
            } catch (ScimException expected) {
                if (expected.status() < 400 || expected.status() >= 500 || expected.getMessage() == null) {
                    throw failure(what, seed, i, input, expected);
                }
            } catch (RuntimeException | StackOverflowError unexpected) {
                throw failure(what, seed, i, input, unexpected);
            }
        }
    }

    /** Runs a check that needs no input beyond the random source, with the same seed reporting. */
    public static void check(String what, int iterations, java.util.function.Consumer<Random> property) {
        long seed = seed();
        Random random = new Random(seed);
        for (int i = 0; i < iterations(iterations); i++) {
            try {
                property.accept(random);
            } catch (RuntimeException | AssertionError | StackOverflowError e) {
                throw failure(what, seed, i, "(see cause)", e);
            }
        }
    }

    private static AssertionError failure(String what, long seed, int iteration, Object input, Throwable cause) {
        return new AssertionError(
                what + " threw " + cause + " at iteration " + iteration + " for input <" + input + ">; replay with -D"
                        + SEED_PROPERTY + "=" + seed,
                cause);
    }

    /** One of the given values. */
    @SafeVarargs
    public static <T> T oneOf(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }

    public static <T> T either(Random random, double probability, Supplier<T> first, Supplier<T> second) {
        return random.nextDouble() < probability ? first.get() : second.get();
    }
}
