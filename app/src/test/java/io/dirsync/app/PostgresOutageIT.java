package io.dirsync.app;

import io.dirsync.app.HttpClientSupport.Response;
import io.dirsync.app.OutageTraffic.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.dirsync.app.OutageChecks.assertEveryAcknowledgedWriteIsServed;
import static io.dirsync.app.OutageChecks.assertEveryFailureIsA503WithRetryAfterAndAScimBody;
import static io.dirsync.app.OutageChecks.awaitDirectoryUsers;
import static io.dirsync.app.OutageChecks.awaitReadyAndCaughtUp;
import static io.dirsync.app.OutageChecks.awaitRoleWebhooks;
import static io.dirsync.app.OutageChecks.awaitRoles;
import static io.dirsync.app.OutageChecks.awaitUserCreatedWebhooks;
import static io.dirsync.app.OutageChecks.awaitWriteAfter;
import static io.dirsync.app.OutageChecks.slowest;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real jar on a PostgreSQL that is stopped under SCIM traffic and started again on the same data directory and
 * port, and that refuses writes for a while: meanwhile every failed answer is a quick 503 with {@code Retry-After};
 * afterwards writes work again, nothing answered is lost, nothing refused is half-written, and the streaming views
 * catch up, all without restarting dirsync.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the last test stops dirsync
class PostgresOutageIT {
    /** README, Guarantees: no request waits longer than this while the database is away. */
    static final Duration REQUEST_BOUND = Duration.ofSeconds(5);
    /** README, Guarantees: writes succeed again within this once the database is back. */
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(10);
    /** README, Guarantees: the streaming views have caught up within this once the database is back. */
    static final Duration CATCH_UP_BOUND = Duration.ofSeconds(60);
    /** README, When the database is away: SIGTERM while the database is away ends the process within this. */
    static final Duration SHUTDOWN_BOUND = Duration.ofSeconds(20);

    @TempDir
    static Path work;

    static OutageDatabase database;
    static DirsyncProcess dirsync;
    static DirsyncClient client;

    @BeforeAll
    static void start() throws Exception {
        database = OutageDatabase.start(work.resolve("pgdata"));
        Map<String, String> environment = new HashMap<>(Map.of(
                "SPRING_PROFILES_ACTIVE",
                "postgres",
                "SPRING_DATASOURCE_URL",
                database.jdbcUrl(),
                "SPRING_DATASOURCE_USERNAME",
                "postgres",
                "SPRING_DATASOURCE_PASSWORD",
                ""));
        environment.put("DIRSYNC_DATA_DIR", work.toString());
        environment.put("DIRSYNC_ADMIN_TOKEN", DirsyncClient.ADMIN_TOKEN);
        environment.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        // the test's webhook receiver listens on 127.0.0.1 over http, which the default settings refuse
        environment.put("DIRSYNC_WEBHOOKS_ALLOWHTTP", "true");
        environment.put("DIRSYNC_WEBHOOKS_ALLOWEDTARGETS", "127.0.0.1");
        dirsync =
                DirsyncProcess.start(work.resolve("app"), DirsyncProcess.freePort(), environment, List.of(), List.of());
        dirsync.awaitHealthy(Duration.ofSeconds(300));
        client = new DirsyncClient(dirsync.origin());
    }

    @AfterAll
    static void stop() throws Exception {
        if (dirsync != null) {
            dirsync.close();
            Files.writeString(
                    Path.of("target", "PostgresOutageIT-dirsync.log"), dirsync.log()); // for a failure's story
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    @Order(1)
    void whilePostgresIsDownEveryRequestGetsAQuick503WithRetryAfterAndAfterwardsEverythingCatchesUp() throws Exception {
        String organizationId = admin(
                        "POST",
                        "/api/organizations",
                        Map.of("name", "Outage", "roles", List.of("admin", "member"), "defaultRole", "member"))
                .json()
                .get("id")
                .asText();
        Response created =
                admin("POST", "/api/connections", Map.of("name", "outage", "organizationId", organizationId));
        DirsyncClient.Connection connection = new DirsyncClient.Connection(
                created.json().get("id").asText(),
                created.json().get("scimBaseUrl").asText(),
                created.json().get("bearerToken").asText());
        Response group =
                client.scim(connection, "POST", "/Groups", DirsyncClient.group(Map.of("displayName", "Admins")));
        assertThat(group.status()).as(group.toString()).isEqualTo(201);
        String admins = group.json().get("id").asText();
        assertThat(admin(
                                "PUT",
                                "/api/connections/" + connection.id() + "/role-mappings",
                                List.of(Map.of("groupId", admins, "role", "admin")))
                        .status())
                .isEqualTo(200);
        WebhookReceiver receiver = new WebhookReceiver();
        new WebhookAdmin(client.http()).register(receiver, List.of("user.created", "organizationMembership.updated"));
        // each user written is then added to the mapped group: its role is due for resolution around the outage
        OutageTraffic traffic = new OutageTraffic(client, connection, "outage", 2, admins);
        long stopped;
        long restarting;
        long restarted;
        long writable;
        try {
            awaitAcknowledged(traffic, 20);
            database.stop();
            stopped = System.nanoTime(); // the server is gone once stop() returns
            Thread.sleep(10_000);
            restarting = System.nanoTime();
            database.restart();
            restarted = System.nanoTime();
            writable = awaitWriteAfter(traffic, restarted, RECOVERY_BOUND);
            Thread.sleep(2_000);
        } finally {
            traffic.close();
        }
        List<Answer> during = traffic.answers.stream()
                .filter(a -> a.within(stopped, restarting))
                .toList();
        System.out.printf(
                "outage: %d answers, %d while down; slowest %d ms; writes again %d ms after the restart%n",
                traffic.answers.size(), during.size(), slowest(traffic.answers).millis(), millis(writable - restarted));

        assertEveryFailureIsA503WithRetryAfterAndAScimBody(traffic.answers);
        for (String kind : List.of("write", "read", "admin")) {
            assertThat(during.stream().filter(a -> a.kind().equals(kind)))
                    .as(kind + " answers while down")
                    .isNotEmpty()
                    .allSatisfy(a ->
                            assertThat(a.response().status()).as(a.request()).isEqualTo(503));
        }
        assertThat(during.stream().filter(a -> a.kind().equals("readiness")))
                .as("readiness while down")
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a.response().rawBody()).contains("\"DOWN\""));
        assertThat(traffic.of("liveness"))
                .allSatisfy(
                        a -> assertThat(a.response().status()).as("liveness").isEqualTo(200));
        assertThat(slowest(traffic.answers).millis())
                .as(slowest(traffic.answers).request())
                .isLessThanOrEqualTo(REQUEST_BOUND.toMillis());
        assertThat(millis(writable - restarted))
                .as("ms until a write succeeded again")
                .isLessThanOrEqualTo(RECOVERY_BOUND.toMillis());
        assertEveryAcknowledgedWriteIsServed(client, connection, traffic.acknowledged);
        long caughtUp = awaitDirectoryUsers(client, connection, traffic.acknowledged.keySet(), CATCH_UP_BOUND);
        System.out.printf("outage: directory-users caught up %d ms after the restart%n", millis(caughtUp - restarted));
        Map<String, String> roles = expectedRoles(connection, admins, traffic);
        long resolved = awaitRoles(client, organizationId, roles, CATCH_UP_BOUND);
        System.out.printf(
                "outage: %d roles resolved %d ms after the restart%n", roles.size(), millis(resolved - restarted));
        try (receiver) {
            long delivered = awaitUserCreatedWebhooks(receiver, traffic.acknowledged.keySet(), CATCH_UP_BOUND);
            System.out.printf(
                    "outage: every user.created webhook delivered %d ms after the restart%n",
                    millis(delivered - restarted));
            long announced = awaitRoleWebhooks(receiver, roles, CATCH_UP_BOUND);
            System.out.printf(
                    "outage: every role announced by webhook %d ms after the restart%n", millis(announced - restarted));
        }
        awaitReadyAndCaughtUp(client, CATCH_UP_BOUND);
    }

    /**
     * The role each answered user must come to hold: admin for the mapped group's members, else the default. Every
     * addition answered 204 is among the members; an addition whose answer was lost to the outage may or may not be.
     */
    private static Map<String, String> expectedRoles(
            DirsyncClient.Connection connection, String groupId, OutageTraffic traffic) {
        Response group = client.scim(connection, "GET", "/Groups/" + groupId, null);
        assertThat(group.status()).as(group.toString()).isEqualTo(200);
        Set<String> members = new HashSet<>();
        group.json()
                .path("members")
                .forEach(member -> members.add(member.get("value").asText()));
        assertThat(members).as("members of the mapped group").containsAll(traffic.addedToGroup);
        assertThat(traffic.addedToGroup).as("additions answered 204").isNotEmpty();
        Map<String, String> roles = new HashMap<>();
        traffic.acknowledged.keySet().forEach(id -> roles.put(id, members.contains(id) ? "admin" : "member"));
        return roles;
    }

    private static Response admin(String method, String path, Object body) {
        Response response = client.http().send(method, path, DirsyncClient.ADMIN_TOKEN, body);
        assertThat(response.status()).as(method + " " + path + ": " + response).isBetween(200, 299);
        return response;
    }

    @Test
    @Order(2)
    void whilePostgresRefusesWritesWritesGet503ReadsWorkNothingIsHalfWrittenAndWritesWorkAgainAfterwards()
            throws Exception {
        DirsyncClient.Connection connection = client.createConnection("read-only");
        OutageTraffic traffic = new OutageTraffic(client, connection, "readonly", 1);
        long refusing;
        long allowed;
        long writable;
        try (Connection admin = database.admin()) {
            awaitAcknowledged(traffic, 10);
            OutageDatabase.execute(admin, "ALTER DATABASE postgres SET default_transaction_read_only = on");
            // the setting applies to new sessions: end dirsync's, as a failover to a read-only server would
            OutageDatabase.execute(
                    admin,
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            + " WHERE datname = 'postgres' AND pid <> pg_backend_pid()");
            refusing = System.nanoTime() + TimeUnit.SECONDS.toNanos(1); // sessions ended mid-request answer 503 too
            Thread.sleep(6_000);
            allowed = System.nanoTime();
            OutageDatabase.execute(admin, "ALTER DATABASE postgres SET default_transaction_read_only = off");
            writable = awaitWriteAfter(traffic, allowed, RECOVERY_BOUND);
            Thread.sleep(2_000);
        } finally {
            traffic.close();
        }
        assertWritesWereRefusedReadsServedAndNothingHalfWritten(
                "read-only", connection, traffic, refusing, allowed, writable);
    }

    /**
     * A full disk, simulated: every event append fails with the error PostgreSQL raises when it cannot extend a file
     * (SQLSTATE 53100). The append is a command's last statement, after its userName claim, data key and read-model
     * rows: a refused write must leave none of them.
     */
    @Test
    @Order(3)
    void whenTheDiskIsFullWritesGet503NothingIsHalfWrittenAndWritesWorkAgainOnceThereIsSpace() throws Exception {
        DirsyncClient.Connection connection = client.createConnection("disk-full");
        OutageTraffic traffic = new OutageTraffic(client, connection, "diskfull", 1);
        long full;
        long freed;
        long writable;
        try (Connection admin = database.admin()) {
            awaitAcknowledged(traffic, 10);
            OutageDatabase.execute(
                    admin,
                    "CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                            + " RAISE EXCEPTION 'could not extend file \"base/5/16384\": No space left on device'"
                            + " USING ERRCODE = 'disk_full', HINT = 'Check free disk space.'; END $$");
            OutageDatabase.execute(
                    admin,
                    "CREATE TRIGGER disk_full BEFORE INSERT ON domain_event_entry"
                            + " FOR EACH ROW EXECUTE FUNCTION disk_full()");
            full = System.nanoTime();
            Thread.sleep(5_000);
            freed = System.nanoTime();
            OutageDatabase.execute(admin, "DROP TRIGGER disk_full ON domain_event_entry");
            OutageDatabase.execute(admin, "DROP FUNCTION disk_full()");
            writable = awaitWriteAfter(traffic, freed, RECOVERY_BOUND);
            Thread.sleep(1_000);
        } finally {
            traffic.close();
        }
        assertWritesWereRefusedReadsServedAndNothingHalfWritten(
                "disk full", connection, traffic, full, freed, writable);
    }

    /**
     * The verdict on a spell of refused writes from {@code refusing} to {@code allowed} (System.nanoTime): writes got
     * 503, reads 200, every answer quick; writes worked again within the bound ({@code writable}); every answered write
     * is served, nothing refused left a trace, and the streaming views caught up.
     */
    private static void assertWritesWereRefusedReadsServedAndNothingHalfWritten(
            String what,
            DirsyncClient.Connection connection,
            OutageTraffic traffic,
            long refusing,
            long allowed,
            long writable)
            throws Exception {
        List<Answer> during = traffic.answers.stream()
                .filter(a -> a.within(refusing, allowed))
                .toList();
        System.out.printf(
                "%s: %d answers, %d while refusing writes; slowest %d ms; writes again %d ms after allowed%n",
                what,
                traffic.answers.size(),
                during.size(),
                slowest(traffic.answers).millis(),
                millis(writable - allowed));

        assertEveryFailureIsA503WithRetryAfterAndAScimBody(traffic.answers);
        assertThat(during.stream().filter(a -> a.kind().equals("write")))
                .as("writes while refused")
                .isNotEmpty()
                .allSatisfy(
                        a -> assertThat(a.response().status()).as(a.request()).isEqualTo(503));
        assertThat(during.stream()
                        .filter(a -> a.kind().equals("read") || a.kind().equals("admin")))
                .as("reads while refused")
                .isNotEmpty()
                .allSatisfy(
                        a -> assertThat(a.response().status()).as(a.request()).isEqualTo(200));
        assertThat(slowest(traffic.answers).millis()).isLessThanOrEqualTo(REQUEST_BOUND.toMillis());
        assertThat(millis(writable - allowed))
                .as("ms until a write succeeded again")
                .isLessThanOrEqualTo(RECOVERY_BOUND.toMillis());
        assertEveryAcknowledgedWriteIsServed(client, connection, traffic.acknowledged);
        assertNothingRefusedWasStored(connection, traffic);
        awaitDirectoryUsers(client, connection, traffic.acknowledged.keySet(), CATCH_UP_BOUND);
        awaitReadyAndCaughtUp(client, CATCH_UP_BOUND);
    }

    @Test
    @Order(4)
    void givenSigtermWhilePostgresIsDownDirsyncExitsWithinTheBound() throws Exception {
        OutageTraffic traffic = new OutageTraffic(client, client.createConnection("shutdown"), "shutdown", 2);
        boolean exited;
        long exitMillis;
        try {
            awaitAcknowledged(traffic, 5);
            database.stop();
            Thread.sleep(3_000); // requests wait for connections, processors and workers fail and retry
            long terminated = System.nanoTime();
            dirsync.process().destroy(); // SIGTERM
            exited = dirsync.process().waitFor(SHUTDOWN_BOUND.toSeconds() + 60, TimeUnit.SECONDS);
            exitMillis = millis(System.nanoTime() - terminated);
        } finally {
            traffic.close(); // its threads end on the first refused connection
        }
        System.out.printf("shutdown with the database down: exited %d ms after SIGTERM%n", exitMillis);
        assertThat(exited).as(dirsync.log()).isTrue();
        assertThat(exitMillis)
                .as("ms from SIGTERM to exit with the database down")
                .isLessThanOrEqualTo(SHUTDOWN_BOUND.toMillis());
    }

    /**
     * Users, userName claims and creation events of the connection are exactly the creates answered 201, and no user
     * row of any kind (claim, data key, SCIM read model) exists without its events.
     */
    private static void assertNothingRefusedWasStored(DirsyncClient.Connection connection, OutageTraffic traffic)
            throws Exception {
        assertThat(traffic.refusedUserNames).isNotEmpty().allSatisfy(userName -> {
            Response found =
                    client.scim(connection, "GET", "/Users?filter=userName%20eq%20%22" + userName + "%22", null);
            assertThat(found.json().get("totalResults").asInt()).as(userName).isZero();
        });
        Response all = client.scim(connection, "GET", "/Users?count=1000", null);
        assertThat(all.json().get("totalResults").asInt()).isEqualTo(traffic.acknowledged.size());
        Response audit = client.http().send("GET", "/api/audit/verify", DirsyncClient.ADMIN_TOKEN, null);
        assertThat(audit.json().get("intact").asBoolean())
                .as("the events' hash chain: " + audit)
                .isTrue();
        try (Connection db = database.admin()) {
            assertThat(count(db, "SELECT COUNT(*) FROM user_registration WHERE connection_id = ?", connection.id()))
                    .as("userName claims")
                    .isEqualTo(traffic.acknowledged.size());
            assertThat(count(
                            db,
                            "SELECT COUNT(*) FROM domain_event_entry WHERE payload_type LIKE '%.UserProvisionedEvent'"
                                    + " AND position(? in convert_from(payload, 'UTF8')) > 0",
                            connection.id()))
                    .as("creation events")
                    .isEqualTo(traffic.acknowledged.size());
            for (String table : List.of("user_registration", "user_data_key", "scim_user", "scim_user_email")) {
                assertThat(
                                count(
                                        db,
                                        "SELECT COUNT(*) FROM " + table + " t WHERE NOT EXISTS"
                                                + " (SELECT 1 FROM domain_event_entry e WHERE e.aggregate_identifier = t.user_id)"))
                        .as(table + " rows of users without an event")
                        .isZero();
            }
        }
    }

    private static long count(Connection db, String sql, String... parameters) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static void awaitAcknowledged(OutageTraffic traffic, int users) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); // a busy machine writes slowly
        while (traffic.acknowledged.size() < users && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(traffic.acknowledged).as("users written first").hasSizeGreaterThanOrEqualTo(users);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
