package io.dirsync.app.bench;

import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.PersonName;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.app.DirsyncApplication;
import io.dirsync.app.DirsyncClient;
import io.dirsync.app.audit.HashChainInterceptor;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The added latency of the hash chain and of profile encryption on a SCIM POST. Not part of the build (the name
 * matches neither Surefire's nor Failsafe's patterns); run it with
 * {@code ./mvnw -B -o -pl app -am test -Dtest=AuditOverheadBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>Four instances of the service run side by side in this JVM, each on its own H2 files: as shipped, without
 * the chain, without encryption, without both. Production code has no switch for either feature; the variants
 * are made here by taking bean definitions out before the context starts (the chain's interceptor; the encrypting
 * event serializer, whose name then points at Axon's plain Jackson serializer). Requests go round-robin over the
 * four, one at a time, so the noise of a shared machine falls on all of them alike; medians and their ratios are
 * what to read. The figures land in app/target/benchmarks/audit-overhead.txt.
 */
class AuditOverheadBenchmark {
    private static final int WARM_UP = Integer.getInteger("bench.warmup", 150);
    private static final int SAMPLES = Integer.getInteger("bench.samples", 600);

    private record Variant(String name, boolean chain, boolean encryption) {}

    private record Running(
            Variant variant,
            ConfigurableApplicationContext context,
            DirsyncClient client,
            DirsyncClient.Connection connection,
            long[] nanos) {}

    @Test
    void scimPostLatencyWithAndWithoutHashChainAndEncryption() throws IOException {
        List<Variant> variants = List.of(
                new Variant("hash chain + encryption (as shipped)", true, true),
                new Variant("hash chain only", true, false),
                new Variant("encryption only", false, true),
                new Variant("neither", false, false));
        List<Running> running = new ArrayList<>();
        try {
            for (Variant variant : variants) {
                running.add(start(variant));
            }
            for (int i = 0; i < WARM_UP; i++) {
                for (Running instance : running) {
                    post(instance);
                }
            }
            running.forEach(AuditOverheadBenchmark::checkVariant);
            for (int i = 0; i < SAMPLES; i++) {
                for (Running instance : running) {
                    instance.nanos()[i] = post(instance);
                }
            }
            report(running);
        } finally {
            running.forEach(instance -> instance.context().close());
        }
    }

    /**
     * The same costs inside the service, per event, without HTTP: what sealing adds to serializing an event (the
     * key read, HMAC, AES-GCM), what the chain adds (the previous hash read, one more serialization, SHA-256), and
     * what opening adds on the read side (every streaming projection pays it per personal event).
     */
    @Test
    void perEventCostOfSealingChainingAndOpening() throws IOException {
        Running shipped = start(new Variant("as shipped", true, true));
        try {
            Serializer plain = shipped.context().getBean("serializer", Serializer.class);
            Serializer sealing = shipped.context().getBean("eventSerializer", Serializer.class);
            HashChainInterceptor chain = shipped.context().getBean(HashChainInterceptor.class);
            String userId = shipped.client()
                    .createUser(shipped.connection(), "per-event@example.com")
                    .get("id")
                    .asText();
            UserProvisionedEvent event = new UserProvisionedEvent(
                    userId,
                    shipped.connection().id(),
                    new UserProfile(
                            "per-event@example.com",
                            "ext-per-event",
                            new PersonName("Ada", "Lovelace", null),
                            "Ada Lovelace",
                            List.of(new EmailAddress("per-event@example.com", "work", true)),
                            null,
                            Map.of()),
                    true);
            GenericDomainEventMessage<UserProvisionedEvent> next =
                    new GenericDomainEventMessage<>("User", userId, 1, event);
            SerializedObject<byte[]> sealed = sealing.serialize(event, byte[].class);
            SerializedObject<byte[]> unsealed = plain.serialize(event, byte[].class);

            StringBuilder table =
                    new StringBuilder("Per event, in the service (H2 files), median of 25 batches of 400 calls"
                            + " after 4,000 warm-up calls\n\n| step | median per call |\n|---|---|\n");
            table.append(row("serialize, plain Jackson", () -> plain.serialize(event, byte[].class)));
            table.append(row(
                    "serialize, sealing the profile (key read, HMAC, AES-GCM)",
                    () -> sealing.serialize(event, byte[].class)));
            table.append(row(
                    "hash chain link (previous hash read, sealing serialize, SHA-256)",
                    () -> chain.handle(List.of(next)).apply(0, next)));
            table.append(row("deserialize, plain Jackson", () -> plain.deserialize(unsealed)));
            table.append(
                    row("deserialize, opening the profile (key read, AES-GCM)", () -> sealing.deserialize(sealed)));
            System.out.println(table);
            Path out = Path.of("target", "benchmarks", "audit-overhead-per-event.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, table);
        } finally {
            shipped.context().close();
        }
    }

    private static String row(String step, Supplier<Object> call) {
        for (int i = 0; i < 4_000; i++) {
            call.get();
        }
        long[] perCall = new long[25];
        for (int batch = 0; batch < perCall.length; batch++) {
            long start = System.nanoTime();
            for (int i = 0; i < 400; i++) {
                call.get();
            }
            perCall[batch] = (System.nanoTime() - start) / 400;
        }
        return String.format(Locale.ROOT, "| %s | %.1f µs |%n", step, median(perCall) / 1e3);
    }

    private static Running start(Variant variant) throws IOException {
        Path dir = Files.createTempDirectory("dirsync-bench-audit");
        ConfigurableApplicationContext context = new SpringApplicationBuilder(DirsyncApplication.class)
                .initializers(without(variant))
                // arguments, not default properties: application.yml would override those
                .run(
                        "--server.port=0",
                        "--dirsync.data-dir=" + dir,
                        "--dirsync.admin-token=" + DirsyncClient.ADMIN_TOKEN,
                        "--logging.level.root=WARN",
                        "--spring.main.banner-mode=off");
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        DirsyncClient client = new DirsyncClient("http://127.0.0.1:" + port);
        return new Running(variant, context, client, client.createConnection("bench"), new long[SAMPLES]);
    }

    /**
     * Takes the switched-off features' beans out before any bean is created. Registered as a bean, not added to the
     * context directly: it must run after the configuration classes have declared the definitions it removes.
     */
    private static ApplicationContextInitializer<ConfigurableApplicationContext> without(Variant variant) {
        BeanDefinitionRegistryPostProcessor remover = new BeanDefinitionRegistryPostProcessor() {
            @Override
            public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
                if (!variant.chain()) {
                    registry.removeBeanDefinition("hashChainInterceptor");
                }
                if (!variant.encryption()) {
                    registry.removeBeanDefinition("eventSerializer");
                    registry.registerAlias("serializer", "eventSerializer");
                }
            }

            @Override
            public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {}
        };
        return context -> ((BeanDefinitionRegistry) context.getBeanFactory())
                .registerBeanDefinition(
                        "benchmarkVariant",
                        new RootBeanDefinition(BeanDefinitionRegistryPostProcessor.class, () -> remover));
    }

    /** Each instance stores what its variant says: sealed profiles or not, chained hashes or not. */
    private static void checkVariant(Running instance) {
        JdbcTemplate jdbc = instance.context().getBean(JdbcTemplate.class);
        Map<String, Object> last = jdbc.queryForMap(
                "SELECT payload, meta_data FROM domain_event_entry WHERE payload_type = ?"
                        + " ORDER BY global_index DESC LIMIT 1",
                "io.dirsync.api.user.UserProvisionedEvent");
        String payload = new String((byte[]) last.get("payload"), StandardCharsets.UTF_8);
        String metadata = new String((byte[]) last.get("meta_data"), StandardCharsets.UTF_8);
        assertThat(payload.contains("\"pii:v1:"))
                .as(instance.variant().name() + ": sealed profile")
                .isEqualTo(instance.variant().encryption());
        assertThat(metadata.contains("\"prevHash\""))
                .as(instance.variant().name() + ": chained")
                .isEqualTo(instance.variant().chain());
    }

    private static long post(Running instance) {
        long start = System.nanoTime();
        DirsyncClient.Connection connection = instance.connection();
        var response = instance.client()
                .scim(connection, "POST", "/Users", DirsyncClient.user("bench-" + UUID.randomUUID() + "@example.com"));
        long took = System.nanoTime() - start;
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return took;
    }

    /**
     * Medians per variant and, less sensitive to the machine's drifts, the median of the paired differences: in
     * each round the four requests ran back to back, so a slow moment of the machine hits all four of them.
     */
    private static void report(List<Running> running) throws IOException {
        long[] neither = running.get(running.size() - 1).nanos();
        double baseline = median(neither);
        StringBuilder table = new StringBuilder(String.format(
                Locale.ROOT,
                "SCIM POST /Users, %d samples per variant after %d warm-up, round-robin, H2 files%n%n"
                        + "| variant | median | p90 | median / neither's | median of paired differences to neither |%n"
                        + "|---|---|---|---|---|%n",
                SAMPLES,
                WARM_UP));
        for (Running instance : running) {
            long[] differences = new long[SAMPLES];
            for (int i = 0; i < SAMPLES; i++) {
                differences[i] = instance.nanos()[i] - neither[i];
            }
            double median = median(instance.nanos());
            table.append(String.format(
                    Locale.ROOT,
                    "| %s | %.2f ms | %.2f ms | %.2f | %+.2f ms |%n",
                    instance.variant().name(),
                    median / 1e6,
                    percentile(instance.nanos(), 0.90) / 1e6,
                    median / baseline,
                    median(differences) / 1e6));
        }
        System.out.println(table);
        Path out = Path.of("target", "benchmarks", "audit-overhead.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    private static double median(long[] nanos) {
        return percentile(nanos, 0.5);
    }

    private static double percentile(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))];
    }
}
