package io.dirsync.app.erasure;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.PersonName;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProvisionedEvent;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CPU a create spends sealing its event: the payload as the hash chain and the store each ask for it, outside a
 * unit of work (sealed twice) and inside one (sealed once, docs/benchmarks/create-profile.md). Not part of the build
 * (the name matches neither Surefire's nor Failsafe's patterns); run it with
 * {@code ./mvnw -B -o -pl app -am test -Dtest=SealingCostBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class SealingCostBenchmark {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final int ROUNDS = 5;
    private static final int CREATES = 20_000;

    private final EncryptingEventSerializer serializer = new EncryptingEventSerializer(
            JacksonSerializer.builder().objectMapper(JSON).build(),
            new PersonalDataEnvelope(new MapUserDataKeys(), JSON));
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @Test
    void sealingOncePerCreateAgainstTwice() {
        double[] twice = new double[ROUNDS];
        double[] once = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            twice[round] = microsPerCreate(round, false);
            once[round] = microsPerCreate(round, true);
        }
        System.out.printf(
                "sealing CPU per create, µs, %d rounds of %d creates: twice %s, once %s%n",
                ROUNDS, CREATES, Arrays.toString(twice), Arrays.toString(once));
        assertThat(median(once)).isLessThan(median(twice));
    }

    private double microsPerCreate(int round, boolean inUnitOfWork) {
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < CREATES; i++) {
            UserProvisionedEvent event = event("r" + round + "-" + i);
            DefaultUnitOfWork<?> unitOfWork = inUnitOfWork ? DefaultUnitOfWork.startAndGet(null) : null;
            try {
                byte[] chained = serializer.serialize(event, byte[].class).getData();
                byte[] stored = serializer.serialize(event, byte[].class).getData();
                if (chained.length != stored.length) {
                    throw new IllegalStateException("the chain and the store got different bytes");
                }
            } finally {
                if (unitOfWork != null) {
                    unitOfWork.rollback();
                }
            }
        }
        return (threads.getCurrentThreadCpuTime() - start) / 1000.0 / CREATES;
    }

    /** The body the harness's wrk script sends, as the create's event carries it. */
    private static UserProvisionedEvent event(String name) {
        UserProfile profile = new UserProfile(
                name + "@bench.example",
                "ext-" + name,
                new PersonName("User", name, null),
                null,
                List.of(
                        new EmailAddress(name + "@bench.example", "work", true),
                        new EmailAddress(name + "@home.example", "home", false)),
                null,
                Map.of());
        return new UserProvisionedEvent("u-" + name, "c-1", profile, true);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
