package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;

import static io.dirsync.app.ScimUsersContractTests.patch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access reviews over HTTP: a history built day by day on a clock the test moves ({@link EventClock}), then snapshots
 * at several instants and the changes between them checked row by row against what the events say, cited events
 * included; and, for random histories, the snapshot at T against every user's time travel at T.
 */
@SpringBootTest(
        classes = DirsyncApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dirsync.admin-token=" + DirsyncClient.ADMIN_TOKEN, "dirsync.role-resolver.delay-ms=50"})
abstract class AccessReviewContractTests {
    private static final String ERASED = "[erased]";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    DirsyncClient client;
    ProjectionsQuiet projections;
    EventClock clock;

    @BeforeEach
    void setUp() {
        client = new DirsyncClient("http://127.0.0.1:" + port);
        projections = new ProjectionsQuiet(client, jdbc);
        clock = new EventClock();
    }

    @AfterEach
    void restoreClock() {
        clock.close();
    }

    @Test
    void snapshotsAtSeveralInstantsAndTheChangesBetweenThemSayWhatTheEventsSay() throws Exception {
        String organizationId = organization();
        Connection acme = connection(organizationId);
        String ada = user(acme, "ada");
        String bob = user(acme, "bob");
        String cy = user(acme, "cy");
        String dee = user(acme, "dee");
        String admins = group(acme, "Admins", ada);
        String viewers = group(acme, "Viewers", ada, bob);
        mappings(acme, admins, "admin", viewers, "viewer");
        Instant t1 = nextDay();

        mappings(acme, viewers, "viewer", admins, "admin");
        attributeMappings(
                acme,
                Map.of("scimPath", "userName", "attribute", "login"),
                Map.of("scimPath", "active", "attribute", "isActive"));
        assertThat(client.scim(
                                acme,
                                "PATCH",
                                "/Users/" + bob,
                                patch(Map.of("op", "replace", "path", "active", "value", false)))
                        .status())
                .isEqualTo(200);
        assertThat(client.scim(
                        acme,
                        "PATCH",
                        "/Groups/" + admins,
                        patch(Map.of("op", "add", "path", "members", "value", List.of(Map.of("value", cy))))))
                .extracting(Response::status)
                .isIn(200, 204);
        Instant t2 = nextDay();

        assertThat(admin("DELETE", "/api/organizations/" + organizationId + "/roles/admin", null)
                        .status())
                .isEqualTo(204);
        assertThat(admin("PUT", "/api/connections/" + acme.id() + "/deletion-policy", Map.of("policy", "erase"))
                        .status())
                .isEqualTo(200);
        assertThat(client.scim(acme, "DELETE", "/Users/" + dee, null).status()).isEqualTo(204);
        assertThat(admin("PATCH", "/api/users/" + cy + "/public-metadata", Map.of("note", "vip"))
                        .status())
                .isEqualTo(200);
        Instant t3 = nextDay();

        Map<String, JsonNode> at1 = snapshot(acme, t1);
        assertThat(at1).containsOnlyKeys(ada, bob, cy, dee);
        expect(at1.get(ada), "Active", "admin", "mapping", admins, admins, viewers);
        expect(at1.get(bob), "Active", "viewer", "mapping", viewers, viewers);
        expect(at1.get(cy), "Active", "member", "default", null);
        expect(at1.get(dee), "Active", "member", "default", null);
        assertThat(at1.get(dee).get("userName").asText())
                .as("an erased user shows no old data, at any instant")
                .isEqualTo(ERASED);
        assertThat(at1.get(dee).get("email").isNull()).isTrue();
        assertThat(at1.get(ada).get("userName").asText()).startsWith("ada-");

        Map<String, JsonNode> at2 = snapshot(acme, t2);
        expect(at2.get(ada), "Active", "viewer", "mapping", viewers, admins, viewers);
        expect(at2.get(bob), "Deactivated", null, null, null, viewers);
        expect(at2.get(cy), "Active", "admin", "mapping", admins, admins);
        expect(at2.get(dee), "Active", "member", "default", null);

        Map<String, JsonNode> at3 = snapshot(acme, t3);
        expect(at3.get(ada), "Active", "viewer", "mapping", viewers, admins, viewers);
        expect(at3.get(cy), "Active", "member", "default", null, admins);
        expect(at3.get(dee), "Deactivated", null, null, null);
        assertThat(at3.get(dee).get("deletedByIdp").asBoolean()).isTrue();
        assertThat(at3.get(dee).get("erased").asBoolean()).isTrue();
        assertThat(at2.get(dee).get("erased").asBoolean()).isFalse();

        for (Map.Entry<Instant, Map<String, JsonNode>> snapshot :
                Map.of(t1, at1, t2, at2, t3, at3).entrySet()) {
            for (JsonNode user : snapshot.getValue().values()) {
                citesTheLastEventBefore(user, snapshot.getKey());
            }
        }

        String mapped = "AttributeMappingsReplacedEvent";
        for (String user : List.of(ada, bob, cy)) {
            expectMetadata(at1.get(user), Map.of(), "UserProvisionedEvent");
        }
        String adaName = at1.get(ada).get("userName").asText();
        String bobName = at1.get(bob).get("userName").asText();
        String cyName = at1.get(cy).get("userName").asText();
        expectMetadata(at2.get(ada), Map.of("login", adaName, "isActive", true), mapped);
        expectMetadata(at2.get(bob), Map.of("login", bobName, "isActive", false), "UserDeactivatedEvent");
        assertThat(at2.get(bob).get("publicMetadataEventPosition").asLong())
                .as("the deactivation set bob's value, not the mapping change before it")
                .isEqualTo(lastEvent(bob, t2).get("position").asLong());
        expectMetadata(at2.get(cy), Map.of("login", cyName, "isActive", true), mapped);
        assertThat(at2.get(cy).get("publicMetadataEventPosition").asLong())
                .as("every user whose value the mapping change changed cites it")
                .isEqualTo(at2.get(ada).get("publicMetadataEventPosition").asLong());
        expectMetadata(at3.get(ada), Map.of("login", adaName, "isActive", true), mapped);
        expectMetadata(
                at3.get(cy), Map.of("login", cyName, "isActive", true, "note", "vip"), "PublicMetadataEditedEvent");
        for (Map<String, JsonNode> snapshot : List.of(at1, at2, at3)) {
            assertThat(snapshot.get(dee).get("publicMetadata").isNull())
                    .as("an erased user's publicMetadata is kept at no instant: " + snapshot.get(dee))
                    .isTrue();
        }
        for (Map.Entry<Instant, Map<String, JsonNode>> snapshot :
                Map.of(t1, at1, t2, at2, t3, at3).entrySet()) {
            for (String userId : List.of(ada, bob, cy, dee)) {
                JsonNode travelled = admin("GET", "/api/users/" + userId + "?asOf=" + snapshot.getKey(), null)
                        .json();
                assertThat(metadataView(travelled))
                        .as("time travel of %s at %s shows the snapshot's publicMetadata and event", userId, snapshot)
                        .isEqualTo(metadataView(snapshot.getValue().get(userId)));
            }
        }
        JsonNode cyThen = admin("GET", "/api/users/" + cy + "?asOf=" + t3, null).json();
        assertThat(cyThen.get("publicMetadata"))
                .isEqualTo(AdminApi.json(Map.of("login", cyName, "isActive", true, "note", "vip")));
        assertThat(cyThen.at("/publicMetadataEvent/type").asText()).isEqualTo("PublicMetadataEditedEvent");
        assertThat(cyThen.at("/publicMetadataEvent/aggregateId").asText()).isEqualTo(cy);
        JsonNode adaBefore =
                admin("GET", "/api/users/" + ada + "?asOf=" + t2, null).json();
        assertThat(adaBefore.at("/publicMetadataEvent/type").asText())
                .as("the mapping change set ada's value")
                .isEqualTo(mapped);
        assertThat(adaBefore.at("/publicMetadataEvent/aggregateId").asText()).isEqualTo(acme.id());
        for (Instant at : List.of(t1, t2, t3)) {
            assertThat(admin("GET", "/api/users/" + dee + "?asOf=" + at, null)
                            .json()
                            .get("publicMetadata")
                            .isNull())
                    .as("an erased user's publicMetadata in time travel at %s", at)
                    .isTrue();
        }
        String csv = admin("GET", "/api/connections/" + acme.id() + "/snapshot?asOf=" + t3 + "&format=csv", null)
                .rawBody();
        assertThat(csv.lines().filter(line -> line.startsWith(cy + ",")))
                .singleElement()
                .asString()
                .as("in CSV the value is its JSON text")
                .contains("\"{\"\"login\"\":\"\"" + cyName + "\"\",\"\"isActive\"\":true,\"\"note\"\":\"\"vip\"\"}\"");

        List<JsonNode> firstChanges = changes(acme, t1, t2);
        assertThat(firstChanges)
                .extracting(AccessReviewContractTests::change)
                .containsExactlyInAnyOrder(
                        "role-changed " + ada + " admin>viewer mapping " + viewers,
                        "deactivated " + bob,
                        "role-changed " + bob + " viewer>null null null",
                        "joined " + cy + " " + admins,
                        "role-changed " + cy + " member>admin mapping " + admins,
                        "metadata-changed " + ada + " AttributeMappingsReplacedEvent",
                        "metadata-changed " + bob + " AttributeMappingsReplacedEvent",
                        "metadata-changed " + bob + " UserDeactivatedEvent",
                        "metadata-changed " + cy + " AttributeMappingsReplacedEvent");
        List<JsonNode> secondChanges = changes(acme, t2, t3);
        assertThat(secondChanges)
                .extracting(AccessReviewContractTests::change)
                .containsExactlyInAnyOrder(
                        "role-changed " + cy + " admin>member default null",
                        "deleted " + dee,
                        "role-changed " + dee + " member>null null null",
                        "erased " + dee,
                        "metadata-changed " + cy + " PublicMetadataEditedEvent");
        List<JsonNode> all = changes(acme, t1, t3);
        assertThat(all).hasSize(firstChanges.size() + secondChanges.size());
        for (List<JsonNode> changes : List.of(firstChanges, secondChanges)) {
            assertThat(changes).extracting(c -> c.get("eventPosition").asLong()).isSorted();
            for (JsonNode change : changes) {
                citesItsEvent(change, change.get("at").asText());
            }
        }
        JsonNode bobDeactivated = metadataChange(firstChanges, bob, "UserDeactivatedEvent");
        assertThat(bobDeactivated.get("oldPublicMetadata"))
                .isEqualTo(AdminApi.json(Map.of("login", bobName, "isActive", true)));
        assertThat(bobDeactivated.get("newPublicMetadata"))
                .isEqualTo(AdminApi.json(Map.of("login", bobName, "isActive", false)));
        assertThat(bobDeactivated.get("reason").asText()).isEqualTo("profile or status change from the IdP");
        JsonNode adaMapped = metadataChange(firstChanges, ada, mapped);
        assertThat(adaMapped.get("oldPublicMetadata")).isEqualTo(AdminApi.json(Map.of()));
        assertThat(adaMapped.get("reason").asText())
                .as("which mapping change recomputed it")
                .isEqualTo("recomputed by the attribute mapping change at #"
                        + adaMapped.get("eventPosition").asLong());
        assertThat(adaMapped.get("eventAggregateId").asText()).isEqualTo(acme.id());
        assertThat(metadataChange(secondChanges, cy, "PublicMetadataEditedEvent")
                        .get("reason")
                        .asText())
                .isEqualTo("edited by an admin");
        assertThat(all)
                .as("an erased user's publicMetadata changes are not listed: no value of theirs is kept")
                .noneMatch(c -> c.get("kind").asText().equals("metadata-changed")
                        && c.get("userId").asText().equals(dee));
        expectChangesLeadFromTo(at1, firstChanges, at2);
        expectChangesLeadFromTo(at2, secondChanges, at3);
        expectChangesLeadFromTo(at1, all, at3);
        String changesCsv = admin(
                        "GET",
                        "/api/connections/" + acme.id() + "/access-changes?from=" + t2 + "&to=" + t3 + "&format=csv",
                        null)
                .rawBody();
        assertThat(changesCsv.lines().findFirst().orElseThrow())
                .contains(",mappedFromGroupId,oldPublicMetadata,newPublicMetadata,reason,");
        assertThat(changesCsv.lines().filter(line -> line.contains(",metadata-changed," + cy + ",")))
                .singleElement()
                .asString()
                .as("in CSV the values are their JSON text")
                .contains("\"{\"\"login\"\":\"\"" + cyName + "\"\",\"\"isActive\"\":true}\"")
                .contains("\"{\"\"login\"\":\"\"" + cyName + "\"\",\"\"isActive\"\":true,\"\"note\"\":\"\"vip\"\"}\"");
        assertThat(firstChanges.stream()
                        .filter(c -> c.get("kind").asText().equals("joined"))
                        .findFirst()
                        .orElseThrow()
                        .get("groupName")
                        .asText())
                .isEqualTo("Admins");
    }

    /**
     * The members per role (issue 24 item 5) over the same kind of history: counts at each day's end as the scenario
     * says, at every event's instant and the millisecond before it as every user's time travel says, deactivated users
     * never counted (not even before the resolver takes their role away), and a deleted role falling to zero.
     */
    @Test
    void membersPerRoleAtEachPointAreTheActiveUsersHoldingItThen() throws Exception {
        String organizationId = organization();
        Connection acme = connection(organizationId);
        Instant t0 = nextDay().truncatedTo(ChronoUnit.MILLIS);
        String ada = user(acme, "ada");
        String bob = user(acme, "bob");
        String cy = user(acme, "cy");
        String dee = user(acme, "dee");
        String admins = group(acme, "Admins", ada);
        String viewers = group(acme, "Viewers", ada, bob);
        mappings(acme, admins, "admin", viewers, "viewer");
        Instant t1 = nextDay().truncatedTo(ChronoUnit.MILLIS);

        mappings(acme, viewers, "viewer", admins, "admin");
        assertThat(client.scim(
                                acme,
                                "PATCH",
                                "/Users/" + bob,
                                patch(Map.of("op", "replace", "path", "active", "value", false)))
                        .status())
                .isEqualTo(200);
        assertThat(client.scim(
                        acme,
                        "PATCH",
                        "/Groups/" + admins,
                        patch(Map.of("op", "add", "path", "members", "value", List.of(Map.of("value", cy))))))
                .extracting(Response::status)
                .isIn(200, 204);
        Instant t2 = nextDay().truncatedTo(ChronoUnit.MILLIS);

        assertThat(admin("DELETE", "/api/organizations/" + organizationId + "/roles/admin", null)
                        .status())
                .isEqualTo(204);
        assertThat(admin("PUT", "/api/connections/" + acme.id() + "/deletion-policy", Map.of("policy", "erase"))
                        .status())
                .isEqualTo(200);
        assertThat(client.scim(acme, "DELETE", "/Users/" + dee, null).status()).isEqualTo(204);
        Instant t3 = nextDay().truncatedTo(ChronoUnit.MILLIS);

        Map<Instant, Map<String, Long>> daily = roleCounts(acme, t0, t3.plusMillis(1), "&step=P1D");
        Instant day1 = t0.plus(Duration.ofDays(1));
        Instant day2 = t0.plus(Duration.ofDays(2));
        Instant day3 = t0.plus(Duration.ofDays(3));
        assertThat(daily.keySet())
                .as("from, then a day at a time, and to; each day's events come just after its point")
                .containsExactly(t0, day1, day2, day3, t3.plusMillis(1));
        assertThat(daily.get(t0))
                .containsOnly(Map.entry("admin", 0L), Map.entry("member", 0L), Map.entry("viewer", 0L));
        assertThat(daily.get(day1)).as("before the first user").isEqualTo(daily.get(t0));
        assertThat(daily.get(day2))
                .as("ada admin, bob viewer, cy and dee the default")
                .containsOnly(Map.entry("admin", 1L), Map.entry("member", 2L), Map.entry("viewer", 1L));
        assertThat(daily.get(day3))
                .as("mappings reordered (ada viewer), bob deactivated, cy into Admins")
                .containsOnly(Map.entry("admin", 1L), Map.entry("member", 1L), Map.entry("viewer", 1L));
        assertThat(daily.get(t3.plusMillis(1)))
                .as("the role admin deleted (cy back to the default), dee erased")
                .containsOnly(Map.entry("admin", 0L), Map.entry("member", 1L), Map.entry("viewer", 1L));

        List<String> users = List.of(ada, bob, cy, dee);
        for (Instant at : List.of(t1, t2, t3)) {
            Map<String, Long> answered =
                    roleCounts(acme, at, at.plusMillis(1), "&points=2").get(at);
            assertThat(answered).as("at %s", at).isEqualTo(withZeros(timeTravelCounts(users, at), answered));
        }
        List<JsonNode> events =
                array(admin("GET", "/api/events?connectionId=" + acme.id() + "&from=" + t0 + "&limit=1000", null));
        assertThat(events).hasSizeGreaterThan(10);
        for (JsonNode event : events) {
            Instant at = Instant.parse(event.get("timestamp").asText());
            Map<Instant, Map<String, Long>> around = roleCounts(acme, at.minusMillis(1), at, "&points=2");
            for (Map.Entry<Instant, Map<String, Long>> point : around.entrySet()) {
                assertThat(point.getValue())
                        .as("at %s, around %s", point.getKey(), event)
                        .isEqualTo(withZeros(timeTravelCounts(users, point.getKey()), point.getValue()));
            }
        }
        List<Instant> dayTwo = events.stream()
                .map(event -> Instant.parse(event.get("timestamp").asText()))
                .filter(at -> at.isAfter(t1) && !at.isAfter(t2))
                .sorted()
                .toList();
        Instant first = dayTwo.get(0).minusMillis(1);
        Instant last = dayTwo.get(dayTwo.size() - 1).plusMillis(1);
        Map<Instant, Map<String, Long>> fine = roleCounts(acme, first, last, "&points=40");
        assertThat(new ArrayList<>(fine.keySet()))
                .as("40 points spread to the millisecond over day 2's events, or one a millisecond")
                .hasSize((int) Math.min(40, Duration.between(first, last).toMillis() + 1))
                .startsWith(first)
                .endsWith(last)
                .isSorted();
        fine.forEach((at, answered) ->
                assertThat(answered).as("at %s", at).isEqualTo(withZeros(timeTravelCounts(users, at), answered)));

        Instant deactivated = deactivation(bob, t1, t2);
        JsonNode roleTakenAway = lastEvent("membership:" + bob, t2);
        assertThat(Instant.parse(roleTakenAway.get("timestamp").asText()))
                .as("the resolver takes bob's role after he was deactivated")
                .isAfter(deactivated);
        JsonNode bobThen = snapshot(acme, deactivated).get(bob);
        assertThat(bobThen.get("status").asText()).isEqualTo("Deactivated");
        assertThat(text(bobThen, "role")).as("still holding it, for a moment").isEqualTo("viewer");
        Map<String, Long> thenCounts =
                roleCounts(acme, deactivated, t2, "&points=2").get(deactivated);
        Map<String, JsonNode> then = snapshot(acme, deactivated);
        assertThat(thenCounts.get("viewer"))
                .as("bob, deactivated, is not counted while his role is still on record")
                .isEqualTo(then.values().stream()
                        .filter(u -> u.get("status").asText().equals("Active") && "viewer".equals(text(u, "role")))
                        .count())
                .isLessThan(then.values().stream()
                        .filter(u -> "viewer".equals(text(u, "role")))
                        .count());
    }

    @Test
    void membersPerRoleComeAsCsvAndNdjsonAndBadRangesAre400() throws Exception {
        String organizationId = organization();
        Connection acme = connection(organizationId);
        Instant from = nextDay().truncatedTo(ChronoUnit.MILLIS);
        String ada = user(acme, "ada");
        group(acme, "Admins", ada);
        Instant to = nextDay().truncatedTo(ChronoUnit.MILLIS);
        String base = "/api/connections/" + acme.id() + "/role-counts?from=" + from + "&to=" + to;

        List<JsonNode> json = array(admin("GET", base + "&points=2", null));
        assertThat(json)
                .extracting(
                        row -> row.get("at").asText() + " " + row.get("role").asText() + " "
                                + row.get("activeUsers").asLong())
                .containsExactly(from + " member 0", to + " member 1");
        Response csv = admin("GET", base + "&points=2&format=csv", null);
        assertThat(csv.header("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.rawBody().lines().toList())
                .containsExactly("at,role,activeUsers", from + ",member,0", to + ",member,1");
        Response ndjson = client.http()
                .send("GET", base + "&points=2", DirsyncClient.ADMIN_TOKEN, null, "Accept", "application/x-ndjson");
        assertThat(ndjson.rawBody().lines().map(HttpClientSupport::parse).toList())
                .isEqualTo(json);
        assertThat(array(admin("GET", base, null))).as("30 points by default").hasSize(30);
        assertThat(array(admin("GET", base + "&step=PT1H", null)))
                .as("from, every hour for a day and a few seconds, and to")
                .hasSize(26);

        for (String bad : new String[] {
            "/role-counts?to=" + to,
            "/role-counts?from=" + from,
            "/role-counts?from=" + to + "&to=" + from,
            "/role-counts?from=" + from + "&to=" + from,
            "/role-counts?from=yesterday&to=" + to,
            "/role-counts?from=-999999999-01-01T00:00:00Z&to=" + to,
            "/role-counts?from=" + from + "&to=" + to + "&points=1",
            "/role-counts?from=" + from + "&to=" + to + "&points=501",
            "/role-counts?from=" + from + "&to=" + to + "&points=many",
            "/role-counts?from=" + from + "&to=" + to + "&step=P1M",
            "/role-counts?from=" + from + "&to=" + to + "&step=PT0S",
            "/role-counts?from=" + from + "&to=" + to + "&step=-PT1H",
            "/role-counts?from=" + from + "&to=" + to + "&step=PT1M",
            "/role-counts?from=" + from + "&to=" + to + "&step=PT1H&points=10",
            "/role-counts?from=" + from + "&to=" + to + "&format=xml"
        }) {
            Response answer = admin("GET", "/api/connections/" + acme.id() + bad, null);
            assertThat(answer.status()).as(bad + ": " + answer).isEqualTo(400);
            assertThat(answer.json().get("scimType").asText()).isEqualTo("invalidValue");
            assertThat(answer.json().get("detail").asText()).as(bad).isNotBlank();
        }
        assertThat(admin(
                                "GET",
                                "/api/connections/" + UUID.randomUUID() + "/role-counts?from=" + from + "&to=" + to,
                                null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void theSameReviewComesAsNdjsonAndCsvAndInPagesAndBadRequestsAre400() throws Exception {
        String organizationId = organization();
        Connection acme = connection(organizationId);
        List<String> ids = new ArrayList<>();
        for (String name : new String[] {"a", "b", "c", "=cmd"}) {
            ids.add(user(acme, name));
        }
        String group = group(acme, "Staff, \"core\"", ids.get(0), ids.get(1));
        Instant at = nextDay();
        String base = "/api/connections/" + acme.id();

        List<JsonNode> json = array(admin("GET", base + "/snapshot?asOf=" + at, null));
        Response ndjson = client.http()
                .send(
                        "GET",
                        base + "/snapshot?asOf=" + at,
                        DirsyncClient.ADMIN_TOKEN,
                        null,
                        "Accept",
                        "application/x-ndjson");
        assertThat(ndjson.header("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
        assertThat(ndjson.rawBody().lines().map(HttpClientSupport::parse).toList())
                .isEqualTo(json);

        Response csv = admin("GET", base + "/snapshot?asOf=" + at + "&format=csv", null);
        assertThat(csv.header("Content-Type").orElseThrow()).startsWith("text/csv");
        List<String> lines = csv.rawBody().lines().toList();
        assertThat(lines).hasSize(json.size() + 1);
        assertThat(lines.get(0)).startsWith("userId,status,deletedByIdp,erased,userName,");
        assertThat(lines).anyMatch(line -> line.contains(",'=cmd-")).noneMatch(line -> line.contains(",=cmd-"));
        Response memberships = admin("GET", base + "/snapshot?asOf=" + at + "&part=memberships&format=csv", null);
        assertThat(memberships.rawBody()).contains(group + ",\"Staff, \"\"core\"\"\"");

        List<String> paged = new ArrayList<>();
        String after = "";
        List<JsonNode> page;
        do {
            page = array(admin("GET", base + "/snapshot?asOf=" + at + "&limit=3&after=" + after, null));
            assertThat(page.size()).isLessThanOrEqualTo(3);
            page.forEach(user -> paged.add(user.get("userId").asText()));
            after = page.isEmpty()
                    ? after
                    : page.get(page.size() - 1).get("userId").asText();
        } while (page.size() == 3);
        assertThat(paged)
                .containsExactlyElementsOf(
                        json.stream().map(u -> u.get("userId").asText()).toList());
        assertThat(new TreeSet<>(paged)).containsExactlyInAnyOrderElementsOf(ids);

        for (String bad : new String[] {
            "/snapshot",
            "/snapshot?asOf=yesterday",
            "/snapshot?asOf=" + at + "&format=xml",
            "/snapshot?asOf=" + at + "&part=roles",
            "/snapshot?asOf=" + at + "&limit=0",
            "/access-changes?from=" + at,
            "/access-changes?from=" + at + "&to=" + at.minusSeconds(1)
        }) {
            Response answer = admin("GET", base + bad, null);
            assertThat(answer.status()).as(bad + ": " + answer).isEqualTo(400);
            assertThat(answer.json().get("scimType").asText()).isEqualTo("invalidValue");
        }
        assertThat(admin("GET", "/api/connections/" + UUID.randomUUID() + "/snapshot?asOf=" + at, null)
                        .status())
                .isEqualTo(404);
    }

    /**
     * Random histories (seeded; the seed is printed on failure): users created, updated, deactivated, reactivated and
     * deleted, groups created, renamed, joined, left and deleted, mappings reordered, at random steps of a moving clock
     * (some of them zero, so events share a millisecond), attribute mappings replaced and publicMetadata edited by
     * hand; then at random instants, and at the events' own instants, the snapshot equals every user's time travel,
     * publicMetadata and the event that set it included. Every few steps the test also reads each user's
     * publicMetadata as it is then, and the snapshot at that instant must show the same.
     */
    @Test
    void forRandomHistoriesTheSnapshotAtTEqualsEveryUsersTimeTravelAtT() throws Exception {
        long seed = Long.getLong("dirsync.fuzz.seed", 20261206L);
        try {
            randomHistoryMatchesTimeTravel(new Random(seed));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("access review property failed with -Ddirsync.fuzz.seed=" + seed, e);
        }
    }

    private void randomHistoryMatchesTimeTravel(Random random) throws Exception {
        String organizationId = organization();
        Connection acme = connection(organizationId);
        List<String> users = new ArrayList<>();
        List<String> live = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        Map<Instant, Map<String, JsonNode>> observed = new LinkedHashMap<>();
        List<Map<String, String>> attributes = List.of(
                Map.of("scimPath", "userName", "attribute", "login"),
                Map.of("scimPath", "active", "attribute", "isActive"),
                Map.of("scimPath", "emails[primary eq true].value", "attribute", "mail"));
        for (int step = 0; step < 60; step++) {
            clock.advance(Duration.ofMinutes(random.nextInt(3) * 7L));
            if (step % 8 == 7) {
                projections.await();
                Map<String, JsonNode> now = new LinkedHashMap<>();
                for (String userId : users) {
                    Response metadata = admin("GET", "/api/users/" + userId + "/public-metadata", null);
                    assertThat(metadata.status()).as(metadata.toString()).isEqualTo(200);
                    now.put(userId, metadata.json());
                }
                observed.put(clock.instant(), now);
            }
            int action = live.size() < 3 ? 0 : groups.size() < 2 ? 1 : random.nextInt(11);
            String user = users.isEmpty() ? null : users.get(random.nextInt(users.size()));
            String group = groups.isEmpty() ? null : groups.get(random.nextInt(groups.size()));
            switch (action) {
                case 0 -> {
                    users.add(user(acme, "u" + step));
                    live.add(users.get(users.size() - 1));
                }
                case 1 -> groups.add(group(acme, "G" + step, live.get(random.nextInt(live.size()))));
                case 2 ->
                    client.scim(
                            acme,
                            "PATCH",
                            "/Users/" + user,
                            patch(Map.of("op", "replace", "path", "active", "value", random.nextBoolean())));
                case 3 -> {
                    if (random.nextBoolean()) {
                        client.scim(
                                acme,
                                "PATCH",
                                "/Users/" + user,
                                patch(Map.of(
                                        "op",
                                        "replace",
                                        "path",
                                        "userName",
                                        "value",
                                        "renamed-" + step + "-" + UUID.randomUUID() + "@example.com")));
                    } else {
                        client.scim(
                                acme,
                                "PATCH",
                                "/Groups/" + group,
                                patch(Map.of("op", "replace", "path", "displayName", "value", "R" + step)));
                    }
                }
                case 4, 5 ->
                    client.scim(
                            acme,
                            "PATCH",
                            "/Groups/" + group,
                            patch(Map.of("op", "add", "path", "members", "value", List.of(Map.of("value", user)))));
                case 6 ->
                    client.scim(
                            acme,
                            "PATCH",
                            "/Groups/" + group,
                            patch(Map.of("op", "remove", "path", "members[value eq \"" + user + "\"]")));
                case 7 -> {
                    List<String> order = new ArrayList<>(groups);
                    java.util.Collections.shuffle(order, random);
                    List<Map<String, String>> rules = new ArrayList<>();
                    for (int i = 0; i < Math.min(2, order.size()); i++) {
                        rules.add(Map.of("groupId", order.get(i), "role", i == 0 ? "admin" : "viewer"));
                    }
                    assertThat(admin("PUT", "/api/connections/" + acme.id() + "/role-mappings", rules)
                                    .status())
                            .isEqualTo(200);
                }
                case 9 -> {
                    List<Map<String, String>> chosen = new ArrayList<>(attributes);
                    java.util.Collections.shuffle(chosen, random);
                    attributeMappings(
                            acme,
                            chosen.subList(0, random.nextInt(chosen.size() + 1)).toArray(Map[]::new));
                }
                case 10 ->
                    admin(
                            "PATCH",
                            "/api/users/" + user + "/public-metadata",
                            Map.of("note", "step " + step, "team", random.nextBoolean() ? "ops" : "dev"));
                default -> {
                    if (random.nextBoolean() && groups.size() > 2) {
                        client.scim(acme, "DELETE", "/Groups/" + group, null);
                        groups.remove(group);
                    } else {
                        client.scim(acme, "DELETE", "/Users/" + user, null);
                        live.remove(user);
                    }
                }
            }
        }
        projections.await();
        observed.forEach((at, metadata) -> {
            Map<String, JsonNode> snapshot = snapshot(acme, at);
            metadata.forEach((userId, value) -> assertThat(snapshot.get(userId).get("publicMetadata"))
                    .as("publicMetadata of %s at %s", userId, at)
                    .isEqualTo(value));
        });
        List<Instant> instants = new ArrayList<>();
        for (JsonNode event : array(admin("GET", "/api/events?connectionId=" + acme.id() + "&limit=1000", null))) {
            Instant at = Instant.parse(event.get("timestamp").asText());
            if (random.nextInt(4) == 0) {
                instants.add(at);
                instants.add(at.minusMillis(1));
            }
        }
        for (int i = 0; i < 4; i++) {
            instants.add(instants.get(random.nextInt(instants.size())).plusSeconds(random.nextInt(600)));
        }
        for (Instant at : instants) {
            Map<String, JsonNode> snapshot = snapshot(acme, at);
            for (String userId : users) {
                Response travelled = admin("GET", "/api/users/" + userId + "?asOf=" + at, null);
                if (travelled.status() == 404) {
                    assertThat(snapshot).as("user %s at %s", userId, at).doesNotContainKey(userId);
                    continue;
                }
                assertThat(snapshot).as("user %s at %s", userId, at).containsKey(userId);
                assertThat(view(snapshot.get(userId)))
                        .as("user %s at %s", userId, at)
                        .isEqualTo(timeTravelView(travelled.json()));
            }
        }
        List<Instant> sorted = new ArrayList<>(new TreeSet<>(instants));
        for (int i = 0; i < 6; i++) {
            Instant from = sorted.get(random.nextInt(sorted.size()));
            Instant to = sorted.get(random.nextInt(sorted.size()));
            if (to.isBefore(from)) {
                Instant earlier = to;
                to = from;
                from = earlier;
            }
            expectChangesLeadFromTo(snapshot(acme, from), changes(acme, from, to), snapshot(acme, to));
        }
    }

    private static JsonNode metadataChange(List<JsonNode> changes, String userId, String eventType) {
        return changes.stream()
                .filter(c -> c.get("kind").asText().equals("metadata-changed")
                        && c.get("userId").asText().equals(userId)
                        && c.get("eventType").asText().equals(eventType))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metadata change of " + userId + " by " + eventType));
    }

    /**
     * The snapshot at {@code from} with the changes applied in order gives every user's publicMetadata in the
     * snapshot at {@code to}: each change's old value is the value then (null only for a user's first value, set by
     * its provisioning), a new user starts with an empty object unless a change says otherwise, an erased user has
     * none.
     */
    private static void expectChangesLeadFromTo(
            Map<String, JsonNode> from, List<JsonNode> changes, Map<String, JsonNode> to) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        from.forEach((userId, user) -> values.put(userId, user.get("publicMetadata")));
        Map<String, Long> provisionedAt = new LinkedHashMap<>();
        for (JsonNode change : changes) {
            String userId = change.get("userId").asText();
            switch (change.get("kind").asText()) {
                case "provisioned" -> {
                    provisionedAt.put(userId, change.get("eventPosition").asLong());
                    values.putIfAbsent(userId, AdminApi.json(Map.of()));
                }
                case "erased" -> values.put(userId, NullNode.getInstance());
                case "metadata-changed" -> {
                    JsonNode old = change.get("oldPublicMetadata");
                    if (old.isNull()) {
                        assertThat(provisionedAt.get(userId))
                                .as("no old value only for the first, at the provisioning: " + change)
                                .isEqualTo(change.get("eventPosition").asLong());
                    } else {
                        assertThat(old)
                                .as("the old value is the value then: " + change)
                                .isEqualTo(values.get(userId));
                    }
                    assertThat(change.get("newPublicMetadata").isObject())
                            .as(change.toString())
                            .isTrue();
                    values.put(userId, change.get("newPublicMetadata"));
                }
                default -> {}
            }
        }
        to.forEach((userId, user) -> assertThat(values.get(userId))
                .as("publicMetadata of %s after the changes", userId)
                .isEqualTo(user.get("publicMetadata")));
    }

    /** The counts per role at each point, in the answer's order. */
    private Map<Instant, Map<String, Long>> roleCounts(Connection connection, Instant from, Instant to, String points) {
        Map<Instant, Map<String, Long>> counts = new LinkedHashMap<>();
        for (JsonNode row : array(admin(
                "GET",
                "/api/connections/" + connection.id() + "/role-counts?from=" + from + "&to=" + to + points,
                null))) {
            counts.computeIfAbsent(Instant.parse(row.get("at").asText()), at -> new java.util.TreeMap<>())
                    .put(row.get("role").asText(), row.get("activeUsers").asLong());
        }
        return counts;
    }

    /** Active users per role as each user's time travel (a replay of its events) says. */
    private Map<String, Long> timeTravelCounts(List<String> userIds, Instant at) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (String userId : userIds) {
            Response travelled = admin("GET", "/api/users/" + userId + "?asOf=" + at, null);
            if (travelled.status() == 404) {
                continue;
            }
            JsonNode user = travelled.json();
            if (user.get("status").asText().equals("Active")
                    && !user.get("deletedByIdp").asBoolean()
                    && text(user, "role") != null) {
                counts.merge(text(user, "role"), 1L, Long::sum);
            }
        }
        return counts;
    }

    /** The counts with the roles the answer lists at zero where no user holds them. */
    private static Map<String, Long> withZeros(Map<String, Long> counts, Map<String, Long> answered) {
        Map<String, Long> all = new java.util.TreeMap<>(counts);
        answered.keySet().forEach(role -> all.putIfAbsent(role, 0L));
        return all;
    }

    private Instant deactivation(String userId, Instant from, Instant to) {
        return array(admin(
                        "GET",
                        "/api/events?aggregateId=" + userId + "&from=" + from + "&to=" + to + "&limit=100",
                        null))
                .stream()
                .filter(event -> event.get("type").asText().equals("UserDeactivatedEvent"))
                .map(event -> Instant.parse(event.get("timestamp").asText()))
                .findFirst()
                .orElseThrow();
    }

    /** What both sides show of a user, in one shape. */
    private static Map<String, Object> view(JsonNode snapshot) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("status", snapshot.get("status").asText());
        view.put("deleted", snapshot.get("deletedByIdp").asBoolean());
        view.put("userName", text(snapshot, "userName"));
        view.put("email", text(snapshot, "email"));
        view.put("role", text(snapshot, "role"));
        view.put("roleSource", text(snapshot, "roleSource"));
        view.put("mappedFromGroupId", text(snapshot, "mappedFromGroupId"));
        Map<String, String> groups = new java.util.TreeMap<>();
        for (int i = 0; i < snapshot.get("groupIds").size(); i++) {
            groups.put(
                    snapshot.get("groupIds").get(i).asText(),
                    snapshot.get("groupNames").get(i).asText());
        }
        view.put("groups", groups);
        view.putAll(metadataView(snapshot));
        return view;
    }

    private static Map<String, Object> timeTravelView(JsonNode user) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("status", user.get("status").asText());
        view.put("deleted", user.get("deletedByIdp").asBoolean());
        view.put("userName", user.at("/profile/userName").asText());
        JsonNode emails = user.at("/profile/emails");
        String email = null;
        for (JsonNode address : emails) {
            if (email == null || address.path("primary").asBoolean()) {
                email = address.get("value").asText();
            }
        }
        view.put("email", email);
        view.put("role", text(user, "role"));
        view.put("roleSource", text(user, "roleSource"));
        view.put("mappedFromGroupId", text(user, "mappedFromGroupId"));
        Map<String, String> groups = new java.util.TreeMap<>();
        user.get("groups")
                .forEach(g ->
                        groups.put(g.get("id").asText(), g.get("displayName").asText()));
        view.put("groups", groups);
        view.putAll(metadataView(user));
        return view;
    }

    /** The publicMetadata and the position of the event that set it, from a snapshot row or a time-travelled user. */
    private static Map<String, Object> metadataView(JsonNode user) {
        Map<String, Object> view = new LinkedHashMap<>();
        JsonNode metadata = user.get("publicMetadata");
        view.put("publicMetadata", metadata == null || metadata.isNull() ? null : metadata);
        JsonNode position = user.has("publicMetadataEvent")
                ? user.path("publicMetadataEvent").path("position")
                : user.path("publicMetadataEventPosition");
        view.put("publicMetadataEventPosition", position.isNumber() ? position.asLong() : null);
        return view;
    }

    private void expect(JsonNode user, String status, String role, String source, String mappedFrom, String... groups) {
        assertThat(user.get("status").asText()).as(user.toString()).isEqualTo(status);
        assertThat(text(user, "role")).as(user.toString()).isEqualTo(role);
        assertThat(text(user, "roleSource")).as(user.toString()).isEqualTo(source);
        assertThat(text(user, "mappedFromGroupId")).as(user.toString()).isEqualTo(mappedFrom);
        List<String> groupIds = new ArrayList<>();
        user.get("groupIds").forEach(id -> groupIds.add(id.asText()));
        assertThat(groupIds).as(user.toString()).containsExactlyInAnyOrder(groups);
    }

    /** The user's publicMetadata is {@code expected}, set by an event of {@code type} that is in the log as cited. */
    private void expectMetadata(JsonNode user, Map<String, Object> expected, String type) {
        assertThat(user.get("publicMetadata")).as(user.toString()).isEqualTo(AdminApi.json(expected));
        assertThat(user.get("publicMetadataEventType").asText())
                .as(user.toString())
                .isEqualTo(type);
        long position = user.get("publicMetadataEventPosition").asLong();
        JsonNode event = array(admin("GET", "/api/events?after=" + (position - 1) + "&limit=1", null))
                .get(0);
        assertThat(event.get("position").asLong()).as(user.toString()).isEqualTo(position);
        assertThat(event.get("type").asText()).as(user.toString()).isEqualTo(type);
        assertThat(event.get("aggregateId").asText())
                .as(user.toString())
                .isEqualTo(user.get("publicMetadataEventAggregateId").asText());
        assertThat(event.get("sequence").asLong())
                .as(user.toString())
                .isEqualTo(user.get("publicMetadataEventSequence").asLong());
        assertThat(Instant.parse(event.get("timestamp").asText()))
                .as(user.toString())
                .isEqualTo(Instant.parse(user.get("publicMetadataSince").asText()));
    }

    /**
     * The user's row cites its aggregate's last event up to T (other than a hand edit of its publicMetadata, which
     * the row's own {@code publicMetadataEvent*} cite), and the role its membership's last event.
     */
    private void citesTheLastEventBefore(JsonNode user, Instant at) {
        String userId = user.get("userId").asText();
        List<JsonNode> events =
                array(admin("GET", "/api/events?aggregateId=" + userId + "&to=" + at + "&limit=1000", null)).stream()
                        .filter(event -> !event.get("type").asText().equals("PublicMetadataEditedEvent"))
                        .toList();
        JsonNode last = events.get(events.size() - 1);
        assertThat(user.get("eventPosition").asLong())
                .as(user.toString())
                .isEqualTo(last.get("position").asLong());
        citesItsEvent(user, user.get("since").asText());
        JsonNode role = lastEvent("membership:" + userId, at);
        assertThat(user.get("roleEventPosition").asLong())
                .as(user.toString())
                .isEqualTo(role.get("position").asLong());
        assertThat(user.get("roleEventAggregateId").asText())
                .isEqualTo(role.get("aggregateId").asText());
        assertThat(user.get("roleEventSequence").asLong())
                .isEqualTo(role.get("sequence").asLong());
    }

    /** The cited event is in the log with that aggregate, sequence, type and time. */
    private void citesItsEvent(JsonNode row, String at) {
        long position = row.get("eventPosition").asLong();
        List<JsonNode> found = array(admin("GET", "/api/events?after=" + (position - 1) + "&limit=1", null));
        assertThat(found).as(row.toString()).hasSize(1);
        JsonNode event = found.get(0);
        assertThat(event.get("position").asLong()).as(row.toString()).isEqualTo(position);
        assertThat(event.get("aggregateId").asText())
                .as(row.toString())
                .isEqualTo(row.get("eventAggregateId").asText());
        assertThat(event.get("sequence").asLong())
                .as(row.toString())
                .isEqualTo(row.get("eventSequence").asLong());
        assertThat(event.get("type").asText())
                .as(row.toString())
                .isEqualTo(row.get("eventType").asText());
        assertThat(Instant.parse(event.get("timestamp").asText()))
                .as(row.toString())
                .isEqualTo(Instant.parse(at));
    }

    private JsonNode lastEvent(String aggregateId, Instant at) {
        List<JsonNode> events =
                array(admin("GET", "/api/events?aggregateId=" + aggregateId + "&to=" + at + "&limit=1000", null));
        assertThat(events).as(aggregateId).isNotEmpty();
        return events.get(events.size() - 1);
    }

    private static String change(JsonNode change) {
        String kind = change.get("kind").asText();
        String user = change.get("userId").asText();
        return switch (kind) {
            case "role-changed" ->
                kind + " " + user + " " + text(change, "oldRole") + ">" + text(change, "newRole") + " "
                        + text(change, "roleSource") + " " + text(change, "mappedFromGroupId");
            case "joined", "left" -> kind + " " + user + " " + text(change, "groupId");
            case "metadata-changed" -> kind + " " + user + " " + text(change, "eventType");
            default -> kind + " " + user;
        };
    }

    /** Lets the day's events settle (roles are resolved in the background), then moves the clock a day on. */
    private Instant nextDay() throws InterruptedException {
        projections.await();
        Instant at = clock.instant();
        clock.advance(Duration.ofDays(1));
        return at;
    }

    private Map<String, JsonNode> snapshot(Connection connection, Instant at) {
        Response answer = admin("GET", "/api/connections/" + connection.id() + "/snapshot?asOf=" + at, null);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        Map<String, JsonNode> users = new LinkedHashMap<>();
        array(answer).forEach(user -> users.put(user.get("userId").asText(), user));
        return users;
    }

    private List<JsonNode> changes(Connection connection, Instant from, Instant to) {
        return array(admin(
                "GET", "/api/connections/" + connection.id() + "/access-changes?from=" + from + "&to=" + to, null));
    }

    private String organization() {
        Response org = admin(
                "POST",
                "/api/organizations",
                Map.of("name", "Acme", "roles", List.of("admin", "member", "viewer"), "defaultRole", "member"));
        assertThat(org.status()).as(org.toString()).isEqualTo(201);
        return org.json().get("id").asText();
    }

    private Connection connection(String organizationId) {
        Response conn =
                admin("POST", "/api/connections", Map.of("name", "Acme Okta", "organizationId", organizationId));
        assertThat(conn.status()).isEqualTo(201);
        return new Connection(
                conn.json().get("id").asText(),
                conn.json().get("scimBaseUrl").asText(),
                conn.json().get("bearerToken").asText());
    }

    private String user(Connection connection, String name) {
        return client.createUser(connection, name + "-" + UUID.randomUUID() + "@example.com")
                .get("id")
                .asText();
    }

    private String group(Connection connection, String name, String... memberIds) {
        Response created = client.scim(
                connection,
                "POST",
                "/Groups",
                DirsyncClient.group(Map.of(
                        "displayName",
                        name,
                        "members",
                        java.util.Arrays.stream(memberIds)
                                .map(id -> Map.of("value", id))
                                .toList())));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private void mappings(
            Connection connection, String firstGroup, String firstRole, String secondGroup, String secondRole) {
        Response response = admin(
                "PUT",
                "/api/connections/" + connection.id() + "/role-mappings",
                List.of(
                        Map.of("groupId", firstGroup, "role", firstRole),
                        Map.of("groupId", secondGroup, "role", secondRole)));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    @SafeVarargs
    private void attributeMappings(Connection connection, Map<String, String>... mappings) {
        Response response =
                admin("PUT", "/api/connections/" + connection.id() + "/attribute-mappings", List.of(mappings));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private static List<JsonNode> array(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        response.json().forEach(rows::add);
        return rows;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private Response admin(String method, String path, Object body) {
        return client.http().send(method, path, DirsyncClient.ADMIN_TOKEN, body, "Content-Type", "application/json");
    }
}
