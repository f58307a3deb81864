package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;
import io.dirsync.app.metrics.DirsyncMetrics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20 items 1, 2, 3 and 7 over real HTTP: after real SCIM traffic the {@code dirsync_*} metrics appear at
 * {@code /actuator/prometheus} with the right, bounded labels; only the admin or an auditor token reads them; the
 * processors' health group shows each streaming processor; readiness includes the database and the migrations; SCIM
 * log lines carry the request and connection ids; and every query of the Grafana dashboard names a metric a scrape
 * really returns. Runs on H2 ({@link H2MonitoringIT}) and PostgreSQL ({@link PostgresMonitoringIT}).
 */
@SpringBootTest(
        classes = DirsyncApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "dirsync.admin-token=" + DirsyncClient.ADMIN_TOKEN,
            // the webhook receiver listens on http://127.0.0.1, allowed here only
            "dirsync.webhooks.allow-http=true",
            "dirsync.webhooks.allowed-targets=127.0.0.1",
            // a small bucket, so a burst of 40 requests meets the rate limit; every other test sends far fewer per
            // connection
            "dirsync.scim.rate-limit.capacity=20",
            "dirsync.scim.rate-limit.per-second=1"
        })
@AutoConfigureObservability
@ExtendWith(OutputCaptureExtension.class)
abstract class MonitoringContractTests {
    static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "dashboards", "dirsync.json");
    private static final String ADMIN = DirsyncClient.ADMIN_TOKEN;
    private static final Pattern METRIC = Pattern.compile("\\bdirsync_[a-z0-9_]+");

    @LocalServerPort
    int port;

    @Autowired
    HealthEndpoint health;

    DirsyncClient client;

    @BeforeEach
    void connect() {
        client = new DirsyncClient("http://127.0.0.1:" + port);
    }

    @Test
    void scimRequestsAreCountedAndTimedByConnectionResourceMethodAndStatus() {
        Connection acme = client.createConnection("metrics acme");
        String adaId = client.createUser(acme, "ada@metrics.example").get("id").asText();
        client.createUser(acme, "bob@metrics.example");
        assertThat(client.scim(acme, "POST", "/Users", DirsyncClient.user("ada@metrics.example"))
                        .status())
                .isEqualTo(409);
        assertThat(client.scim(acme, "POST", "/Users", "{broken").status()).isEqualTo(400);
        assertThat(client.scim(acme, "GET", "/Users/" + adaId, null).status()).isEqualTo(200);
        assertThat(client.scim(acme, "GET", "/Schemas", null).status()).isEqualTo(200);
        assertThat(client.http()
                        .send("GET", acme.base() + "/Users", "not-the-token", null)
                        .status())
                .isEqualTo(401);
        String ghost = "ghost-" + UUID.randomUUID();
        assertThat(client.http()
                        .send("GET", "/scim/v2/" + ghost + "/Users", "not-the-token", null)
                        .status())
                .isEqualTo(401);

        String text = scrapeText(ADMIN);
        PrometheusScrape scrape = PrometheusScrape.parse(text);
        String requests = "dirsync_scim_requests_seconds_count";
        assertThat(scrape.sum(
                        requests,
                        Map.of("connection", acme.id(), "resource", "Users", "method", "POST", "status", "201")))
                .isEqualTo(2);
        assertThat(scrape.sum(
                        requests,
                        Map.of("connection", acme.id(), "resource", "Users", "method", "POST", "status", "409")))
                .isEqualTo(1);
        assertThat(scrape.sum(
                        requests,
                        Map.of("connection", acme.id(), "resource", "Users", "method", "POST", "status", "400")))
                .isEqualTo(1);
        assertThat(scrape.sum(
                        requests,
                        Map.of("connection", acme.id(), "resource", "Users", "method", "GET", "status", "200")))
                .isEqualTo(1);
        assertThat(scrape.sum(
                        requests,
                        Map.of("connection", acme.id(), "resource", "Schemas", "method", "GET", "status", "200")))
                .isEqualTo(1);
        assertThat(scrape.sum(
                        requests,
                        Map.of("connection", acme.id(), "resource", "Users", "method", "GET", "status", "401")))
                .as("a wrong token on a connection that exists counts under that connection")
                .isEqualTo(1);
        assertThat(scrape.sum(requests, Map.of("connection", DirsyncMetrics.UNKNOWN_CONNECTION, "status", "401")))
                .isGreaterThanOrEqualTo(1);
        assertThat(scrape.sum(
                        "dirsync_scim_requests_seconds_bucket",
                        Map.of(
                                "connection",
                                acme.id(),
                                "resource",
                                "Users",
                                "method",
                                "POST",
                                "status",
                                "201",
                                "le",
                                "+Inf")))
                .as("the latency histogram")
                .isEqualTo(2);
        assertThat(scrape.sum("dirsync_scim_requests_seconds_sum", Map.of("connection", acme.id(), "status", "201")))
                .isPositive();

        String failures = "dirsync_provisioning_failures_total";
        assertThat(scrape.sum(failures, Map.of("connection", acme.id(), "status", "409", "scim_type", "uniqueness")))
                .isEqualTo(1);
        assertThat(scrape.sum(failures, Map.of("connection", acme.id(), "status", "400", "scim_type", "invalidSyntax")))
                .isEqualTo(1);
        assertThat(scrape.sum(failures, Map.of("connection", acme.id(), "status", "401", "scim_type", "none")))
                .isEqualTo(1);

        String commands = "dirsync_commands_seconds_count";
        assertThat(scrape.sum(commands, Map.of("command", "ProvisionUserCommand", "outcome", "success")))
                .isGreaterThanOrEqualTo(2);
        assertThat(scrape.sum(commands, Map.of("command", "ProvisionUserCommand", "outcome", "rejected")))
                .isGreaterThanOrEqualTo(1);
        assertThat(scrape.any("dirsync_command_conflict_retries_total", Map.of("command", "ProvisionUserCommand")))
                .as("the retries counter starts at 0 with the command's first run")
                .isTrue();

        assertThat(text)
                .as("no id from a path as sent, no user id")
                .doesNotContain(ghost)
                .doesNotContain(adaId);
        assertThat(scrape.values(requests, "resource"))
                .isSubsetOf(
                        "Users",
                        "Groups",
                        "Schemas",
                        "ResourceTypes",
                        "ServiceProviderConfig",
                        "Bulk",
                        "root",
                        "other");
        assertThat(scrape.values(requests, "connection"))
                .allSatisfy(connection ->
                        assertThat(connection).matches(DirsyncMetrics.UNKNOWN_CONNECTION + "|[A-Za-z0-9-]{1,64}"));
    }

    @Test
    void scimRequestsAreTimedOnceWhileTheAdminApiKeepsSpringsHttpServerMetrics() {
        Connection acme = client.createConnection("observed once");
        client.createUser(acme, "ada@observed.example");
        assertThat(client.scim(acme, "GET", "/Users?filter=userName%20eq%20%22ada%40observed.example%22", null)
                        .status())
                .isEqualTo(200);
        assertThat(client.http().send("GET", "/api/projections", ADMIN, null).status())
                .isEqualTo(200);

        PrometheusScrape scrape = PrometheusScrape.parse(scrapeText(ADMIN));
        assertThat(scrape.sum(
                        "dirsync_scim_requests_seconds_count",
                        Map.of("connection", acme.id(), "resource", "Users", "method", "GET", "status", "200")))
                .isEqualTo(1);
        assertThat(scrape.values("http_server_requests_seconds_count", "uri"))
                .contains("/api/projections")
                .noneMatch(uri -> uri.startsWith("/scim/"));
    }

    @Test
    void rateLimitRejectionsAreCountedPerConnection() {
        Connection quiet = client.createConnection("metrics quiet");
        client.scim(quiet, "GET", "/Users", null);
        Connection bursty = client.createConnection("metrics bursty");
        int rejected = burst(bursty);

        PrometheusScrape scrape = scrape();
        assertThat(rejected).as("the burst met the limit").isPositive();
        assertThat(scrape.sum("dirsync_scim_rate_limited_total", Map.of("connection", bursty.id())))
                .isEqualTo(rejected);
        assertThat(scrape.sum(
                        "dirsync_scim_requests_seconds_count", Map.of("connection", bursty.id(), "status", "429")))
                .isEqualTo(rejected);
        assertThat(scrape.named("dirsync_scim_rate_limited_total").stream()
                        .filter(sample -> sample.has(Map.of("connection", quiet.id()))))
                .as("another connection's counter is there, at 0")
                .singleElement()
                .satisfies(sample -> assertThat(sample.value()).isZero());
    }

    @Test
    void webhookDeliveriesAndTheBacklogsAreMeasured() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            deliverOneWebhook(receiver);
            PrometheusScrape scrape = scrape();
            assertThat(scrape.sum("dirsync_webhook_deliveries_total", Map.of("outcome", "delivered")))
                    .isGreaterThanOrEqualTo(1);
            assertThat(scrape.any("dirsync_webhook_deliveries_total", Map.of("outcome", "retrying")))
                    .isTrue();
            assertThat(scrape.any("dirsync_webhook_deliveries_total", Map.of("outcome", "failed")))
                    .isTrue();
            assertThat(scrape.named("dirsync_webhook_backlog"))
                    .singleElement()
                    .satisfies(sample -> assertThat(sample.value()).isNotNegative());
            assertThat(scrape.named("dirsync_webhook_oldest_pending_age_seconds"))
                    .singleElement()
                    .satisfies(sample -> assertThat(sample.value()).isNotNegative());
            assertThat(scrape.named("dirsync_role_resolution_backlog"))
                    .singleElement()
                    .satisfies(sample -> assertThat(sample.value()).isNotNegative());
        }
    }

    @Test
    void eachStreamingProcessorShowsItsLagPositionAndStatusInTheMetricsAndTheHealthGroup() throws InterruptedException {
        Connection acme = client.createConnection("metrics processors");
        client.createUser(acme, "processors@metrics.example");
        List<String> streaming = streamingProcessors();
        assertThat(streaming).contains("directory-users", "webhook-outbox", "role-resolution");
        PrometheusScrape scrape = Polling.await(
                this::scrape,
                caughtUp -> streaming.stream()
                        .allMatch(name -> caughtUp.sum("dirsync_processor_lag_events", Map.of("processor", name)) == 0),
                "every processor caught up");

        for (String name : streaming) {
            Map<String, String> processor = Map.of("processor", name);
            assertThat(scrape.sum("dirsync_processor_lag_seconds", processor))
                    .as(name)
                    .isZero();
            assertThat(scrape.sum("dirsync_processor_position", processor))
                    .as(name)
                    .isPositive();
            assertThat(scrape.sum("dirsync_processor_running", processor))
                    .as(name)
                    .isEqualTo(1);
            assertThat(scrape.sum("dirsync_processor_error", processor))
                    .as(name)
                    .isZero();
            assertThat(scrape.sum("dirsync_processor_segments_claimed", processor))
                    .as(name)
                    .isPositive();
            assertThat(scrape.any("dirsync_processor_replaying", processor))
                    .as(name)
                    .isTrue();
        }

        Response processors = client.http().send("GET", "/actuator/health/processors", ADMIN, null);
        assertThat(processors.status()).as(processors.toString()).isEqualTo(200);
        JsonNode details =
                processors.json().path("components").path("streamingProcessors").path("details");
        assertThat(processors.json().get("status").asText())
                .as(processors.toString())
                .isEqualTo("UP");
        for (String name : streaming) {
            JsonNode processor = details.get(name);
            assertThat(processor).as(name + " in " + processors).isNotNull();
            assertThat(processor.get("status").asText()).isEqualTo("running");
            assertThat(processor.get("lagEvents").asLong()).isNotNegative();
            assertThat(processor.get("lagSeconds").asDouble()).isNotNegative();
            assertThat(processor.get("segmentErrors").asLong()).isZero();
            assertThat(processor.get("position").asLong()).isPositive();
        }
    }

    @Test
    void theMetricsAndTheProcessorsHealthNeedTheAdminOrAnAuditorTokenWhileTheProbesArePublic() {
        Connection acme = client.createConnection("metrics credentials");
        Response issued = client.http()
                .send("POST", "/api/auditor-tokens", ADMIN, Map.of("name", "prometheus", "expiresInSeconds", 3600));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String auditor = issued.json().get("token").asText();
        for (String path : List.of("/actuator/prometheus", "/actuator/health/processors")) {
            assertThat(client.http().send("GET", path, null, null).status())
                    .as(path)
                    .isEqualTo(401);
            assertThat(client.http().send("GET", path, acme.token(), null).status())
                    .as(path + " with a SCIM token")
                    .isEqualTo(401);
            assertThat(client.http().send("GET", path, ADMIN, null).status())
                    .as(path)
                    .isEqualTo(200);
            assertThat(client.http().send("GET", path, auditor, null).status())
                    .as(path + " with an auditor token")
                    .isEqualTo(200);
        }
        assertThat(client.http().send("GET", "/actuator", null, null).status()).isEqualTo(401);
        for (String probe : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
            Response answer = client.http().send("GET", probe, null, null);
            assertThat(answer.status()).as(probe).isEqualTo(200);
            assertThat(answer.json().get("status").asText()).as(probe).isEqualTo("UP");
            assertThat(answer.json().has("components"))
                    .as(probe + " shows no details")
                    .isFalse();
        }
    }

    @Test
    void readinessWaitsForTheDatabaseAndTheMigrationsAndLivenessStaysSimple() {
        HealthComponent readiness = health.healthForPath("readiness");
        assertThat(readiness).isInstanceOf(CompositeHealth.class);
        Map<String, HealthComponent> components = ((CompositeHealth) readiness).getComponents();
        assertThat(components.keySet()).containsExactlyInAnyOrder("readinessState", "db", "migrations");
        assertThat(components.get("migrations").getStatus()).isEqualTo(Status.UP);
        HealthComponent liveness = health.healthForPath("liveness");
        assertThat(((CompositeHealth) liveness).getComponents().keySet()).containsExactly("livenessState");
    }

    @Test
    void scimLogLinesCarryTheRequestIdAndTheConnectionId(CapturedOutput output) {
        Connection acme = client.createConnection("metrics logs");
        Response refused = client.scim(acme, "POST", "/Users", "{broken", "X-Request-Id", "monitoring-log-1");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("X-Request-Id")).contains("monitoring-log-1");
        Response generated = client.scim(acme, "POST", "/Users", "{broken");
        String generatedId = generated.header("X-Request-Id").orElseThrow();

        assertThat(output.getAll()
                        .lines()
                        .filter(line -> line.contains("answered 400"))
                        .toList())
                .anySatisfy(line -> assertThat(line).contains("[monitoring-log-1] [" + acme.id() + "]"))
                .anySatisfy(line -> assertThat(line).contains("[" + generatedId + "] [" + acme.id() + "]"));
    }

    @Test
    void everyDashboardQueryNamesAMetricAScrapeReturnsAndEveryMetricIsOnTheDashboard() throws Exception {
        Connection acme = client.createConnection("metrics dashboard");
        client.createUser(acme, "dashboard@metrics.example");
        assertThat(client.scim(acme, "POST", "/Users", "{broken").status()).isEqualTo(400);
        burst(client.createConnection("metrics dashboard burst"));
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            deliverOneWebhook(receiver);
        }
        Set<String> exposed = scrape().names();

        JsonNode dashboard = HttpClientSupport.parse(Files.readString(DASHBOARD));
        List<String> queries = new ArrayList<>();
        collectQueries(dashboard.get("panels"), queries);
        assertThat(queries).hasSizeGreaterThan(10);
        Set<String> named = new TreeSet<>();
        for (String query : queries) {
            Matcher metric = METRIC.matcher(query);
            assertThat(metric.find())
                    .as("a dashboard query over dirsync's metrics: " + query)
                    .isTrue();
            do {
                assertThat(exposed).as("the metric of " + query).contains(metric.group());
                named.add(metric.group());
            } while (metric.find());
        }
        for (String declared : declaredMetrics()) {
            String prefix = declared.replace('.', '_');
            assertThat(named).as("the dashboard shows " + declared).anyMatch(name -> name.startsWith(prefix));
        }
    }

    // ---------------------------------------------------------------- helpers

    private String scrapeText(String token) {
        Response scrape = client.http().send("GET", "/actuator/prometheus", token, null);
        assertThat(scrape.status()).as(scrape.toString()).isEqualTo(200);
        return scrape.rawBody();
    }

    private PrometheusScrape scrape() {
        return PrometheusScrape.parse(scrapeText(ADMIN));
    }

    /** 40 reads at once from one connection: the bucket of 20 runs dry. Answers the number of 429s. */
    private int burst(Connection connection) {
        int rejected = 0;
        for (int i = 0; i < 40; i++) {
            Response answer = client.scim(connection, "GET", "/Users?count=1", null);
            assertThat(answer.status()).as(answer.toString()).isIn(200, 429);
            rejected += answer.status() == 429 ? 1 : 0;
        }
        return rejected;
    }

    private void deliverOneWebhook(WebhookReceiver receiver) throws InterruptedException {
        new WebhookAdmin(client.http()).register(receiver, List.of("user.created"));
        Connection acme = client.createConnection("metrics webhooks " + UUID.randomUUID());
        client.createUser(acme, "webhook@metrics.example");
        Polling.await(
                this::scrape,
                scrape -> scrape.sum("dirsync_webhook_deliveries_total", Map.of("outcome", "delivered")) >= 1,
                "a webhook delivered");
    }

    private List<String> streamingProcessors() {
        Response projections = client.http().send("GET", "/api/projections", ADMIN, null);
        assertThat(projections.status()).as(projections.toString()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        projections.json().forEach(processor -> {
            if (processor.get("type").asText().equals("streaming")) {
                names.add(processor.get("name").asText());
            }
        });
        return names;
    }

    private static void collectQueries(JsonNode panels, List<String> queries) {
        if (panels == null) {
            return;
        }
        for (JsonNode panel : panels) {
            if (panel.has("targets")) {
                panel.get("targets")
                        .forEach(target -> queries.add(target.get("expr").asText()));
            }
            collectQueries(panel.get("panels"), queries);
        }
    }

    /** The names {@link DirsyncMetrics} declares: the one list of dirsync's meters. */
    private static List<String> declaredMetrics() throws IllegalAccessException {
        List<String> names = new ArrayList<>();
        for (Field field : DirsyncMetrics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && field.get(null) instanceof String value
                    && value.startsWith("dirsync.")) {
                names.add(value);
            }
        }
        return names;
    }
}
