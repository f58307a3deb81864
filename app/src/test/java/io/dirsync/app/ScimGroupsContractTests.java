package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;
import io.dirsync.app.axon.KnownSnapshotsStorageEngine;
import io.dirsync.command.CachingCommandTargetResolver;
import io.dirsync.command.NoArgumentAggregateFactory;
import io.dirsync.command.group.Group;
import io.dirsync.command.rolemapping.MemberRole;
import io.dirsync.command.user.User;
import org.axonframework.config.AggregateConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.dirsync.app.ScimUsersContractTests.assertScimError;
import static io.dirsync.app.ScimUsersContractTests.encode;
import static io.dirsync.app.ScimUsersContractTests.patch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SCIM Groups over real HTTP, replaying the request sequences Entra ID and Okta send (shared/idp-quirks.md
 * sections 1.6 and 2.6). Runs on H2 and on PostgreSQL.
 */
@SpringBootTest(
        classes = DirsyncApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "dirsync.admin-token=" + DirsyncClient.ADMIN_TOKEN)
abstract class ScimGroupsContractTests {
    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    org.axonframework.config.Configuration axon;

    @Autowired
    EventStorageEngine storage;

    DirsyncClient client;
    Connection acme;
    List<String> users;

    @BeforeEach
    void connect() {
        client = new DirsyncClient("http://127.0.0.1:" + port);
        acme = client.createConnection("acme");
        users = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            users.add(client.createUser(acme, "member" + i + "-" + UUID.randomUUID() + "@example.com")
                    .get("id")
                    .asText());
        }
    }

    @Test
    void entraGroupSequence() {
        Response lookup = client.scim(
                acme,
                "GET",
                "/Groups?excludedAttributes=members&filter=" + encode("displayName eq \"Engineering\""),
                null);
        assertThat(lookup.status()).isEqualTo(200);
        assertThat(lookup.json().get("totalResults").asInt()).isZero();

        Response created = client.scim(
                acme,
                "POST",
                "/Groups",
                Map.of(
                        "schemas",
                        List.of(
                                "urn:ietf:params:scim:schemas:core:2.0:Group",
                                "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"),
                        "externalId",
                        "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
                        "displayName",
                        "Engineering",
                        "meta",
                        Map.of("resourceType", "Group")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.header("Location")).contains(acme.base() + "/Groups/" + id);
        assertThat(created.json().get("members")).isEmpty();

        Response withoutMembers = client.scim(acme, "GET", "/Groups/" + id + "?excludedAttributes=members", null);
        assertThat(withoutMembers.json().has("members")).isFalse();
        assertThat(withoutMembers.json().get("displayName").asText()).isEqualTo("Engineering");

        assertThat(client.scim(
                                acme,
                                "PATCH",
                                "/Groups/" + id,
                                patch(Map.of("op", "Replace", "path", "displayName", "value", "Eng")))
                        .status())
                .isEqualTo(204);
        Response added = client.scim(
                acme,
                "PATCH",
                "/Groups/" + id,
                patch(Map.of(
                        "op",
                        "Add",
                        "path",
                        "members",
                        "value",
                        List.of(member(users.get(0)), member(users.get(1)), member(users.get(2))))));
        assertThat(added.status()).isEqualTo(204);
        assertThat(added.rawBody()).isEmpty();
        Response removed = client.scim(
                acme,
                "PATCH",
                "/Groups/" + id,
                patch(Map.of("op", "Remove", "path", "members", "value", List.of(member(users.get(1))))));
        assertThat(removed.status()).isEqualTo(204);
        assertThat(memberIds(id))
                .as("only the listed member is removed")
                .containsExactlyInAnyOrder(users.get(0), users.get(2));
        client.scim(
                acme,
                "PATCH",
                "/Groups/" + id,
                patch(Map.of("op", "remove", "path", "members[value eq \"" + users.get(0) + "\"]")));
        assertThat(memberIds(id)).containsExactlyInAnyOrder(users.get(2));

        JsonNode found = client.scim(acme, "GET", "/Groups?filter=" + encode("displayName eq \"ENG\""), null)
                .json();
        assertThat(found.get("totalResults").asInt()).isEqualTo(1);
        assertThat(found.at("/Resources/0/displayName").asText()).isEqualTo("Eng");
        JsonNode byMember = client.scim(
                        acme,
                        "GET",
                        "/Groups?excludedAttributes=members&filter="
                                + encode("members[value eq \"" + users.get(2) + "\"] and displayName sw \"e\""),
                        null)
                .json();
        assertThat(byMember.get("totalResults").asInt()).isEqualTo(1);
        assertThat(byMember.at("/Resources/0/id").asText()).isEqualTo(id);
        assertScimError(
                client.scim(acme, "GET", "/Groups?filter=" + encode("displayName eq"), null), 400, "invalidFilter");

        assertThat(client.scim(acme, "DELETE", "/Groups/" + id, null).status()).isEqualTo(204);
        assertScimError(client.scim(acme, "GET", "/Groups/" + id, null), 404, null);
        assertThat(eventTypes(id))
                .containsExactly(
                        "GroupCreatedEvent",
                        "GroupRenamedEvent",
                        "GroupMembersAddedEvent",
                        "GroupMembersRemovedEvent",
                        "GroupMembersRemovedEvent",
                        "GroupDeletedEvent");
    }

    @Test
    void oktaGroupSequence() {
        Response created = client.scim(
                acme,
                "POST",
                "/Groups",
                Map.of(
                        "schemas",
                        List.of("urn:ietf:params:scim:schemas:core:2.0:Group"),
                        "displayName",
                        "Sales",
                        "members",
                        List.of()));
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();

        Response renamed = client.scim(
                acme,
                "PATCH",
                "/Groups/" + id,
                patch(Map.of("op", "replace", "value", Map.of("id", id, "displayName", "Sales EMEA"))));
        assertThat(renamed.status()).isEqualTo(204);

        Map<String, Object> membership = Map.of(
                "schemas",
                List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                "Operations",
                List.of(
                        Map.of(
                                "op",
                                "add",
                                "path",
                                "members",
                                "value",
                                List.of(
                                        Map.of("value", users.get(0), "display", "a@example.com"),
                                        Map.of("value", users.get(1), "display", "b@example.com"))),
                        Map.of("op", "remove", "path", "members[value eq \"" + users.get(0) + "\"]"),
                        Map.of("op", "add", "path", "members", "value", List.of(Map.of("value", users.get(2))))));
        assertThat(client.scim(acme, "PATCH", "/Groups/" + id, membership).status())
                .isEqualTo(204);
        assertThat(memberIds(id)).containsExactlyInAnyOrder(users.get(1), users.get(2));

        Response replaced = client.scim(
                acme,
                "PATCH",
                "/Groups/" + id + "?attributes=members",
                patch(Map.of(
                        "op",
                        "replace",
                        "path",
                        "members",
                        "value",
                        List.of(Map.of("value", users.get(3)), Map.of("value", users.get(1))))));
        assertThat(replaced.status()).as("a view was asked for").isEqualTo(200);
        assertThat(replaced.json().get("members"))
                .extracting(m -> m.get("value").asText())
                .containsExactlyInAnyOrder(users.get(1), users.get(3));

        client.scim(
                acme, "PATCH", "/Groups/" + id, patch(Map.of("op", "replace", "path", "members", "value", List.of())));
        assertThat(memberIds(id)).as("Push now on an empty group empties it").isEmpty();

        Response put = client.scim(
                acme,
                "PUT",
                "/Groups/" + id,
                Map.of(
                        "schemas",
                        List.of("urn:ietf:params:scim:schemas:core:2.0:Group"),
                        "displayName",
                        "Sales",
                        "members",
                        List.of(member(users.get(0)), member(users.get(3)))));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("displayName").asText()).isEqualTo("Sales");
        assertThat(memberIds(id)).containsExactlyInAnyOrder(users.get(0), users.get(3));

        JsonNode summaries = client.http()
                .send("GET", "/api/connections/" + acme.id() + "/groups", DirsyncClient.ADMIN_TOKEN, null)
                .json();
        assertThat(summaries).hasSize(1);
        assertThat(summaries.at("/0/memberCount").asInt()).isEqualTo(2);
        assertThat(summaries.at("/0/displayName").asText()).isEqualTo("Sales");
    }

    @Test
    void idempotentMembershipChangesStoreNoEvents() {
        String id = createGroup("Idempotent", users.get(0));
        long before = eventTypes(id).size();

        assertThat(client.scim(
                                acme,
                                "PATCH",
                                "/Groups/" + id,
                                patch(Map.of("op", "add", "path", "members", "value", List.of(member(users.get(0))))))
                        .status())
                .isEqualTo(204);
        assertThat(client.scim(
                                acme,
                                "PATCH",
                                "/Groups/" + id,
                                patch(Map.of("op", "remove", "path", "members[value eq \"" + users.get(1) + "\"]")))
                        .status())
                .isEqualTo(204);

        assertThat(eventTypes(id)).hasSize((int) before);
    }

    @Test
    void unknownMembersAndBadOperationsChangeNothing() {
        String id = createGroup("Strict", users.get(0));
        Connection other = client.createConnection("other");
        String stranger =
                client.createUser(other, "stranger@example.com").get("id").asText();

        assertScimError(
                client.scim(
                        acme,
                        "PATCH",
                        "/Groups/" + id,
                        patch(Map.of(
                                "op",
                                "add",
                                "path",
                                "members",
                                "value",
                                List.of(member(users.get(1)), member(stranger))))),
                400,
                "invalidValue");
        assertScimError(
                client.scim(
                        acme,
                        "POST",
                        "/Groups",
                        DirsyncClient.group(Map.of("displayName", "Bad", "members", List.of(member("no-such-user"))))),
                400,
                "invalidValue");
        Map<String, Object> halfValid = Map.of(
                "schemas",
                List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                "Operations",
                List.of(
                        Map.of("op", "add", "path", "members", "value", List.of(member(users.get(2)))),
                        Map.of("op", "replace", "path", "nickName", "value", "x")));
        Response atomic = client.scim(acme, "PATCH", "/Groups/" + id, halfValid);
        assertScimError(atomic, 400, "invalidPath");
        assertThat(atomic.json().get("detail").asText()).contains("Operations[1]");
        assertScimError(
                client.scim(acme, "POST", "/Groups", DirsyncClient.group(Map.of("members", List.of()))),
                400,
                "invalidValue");

        assertThat(memberIds(id)).containsExactlyInAnyOrder(users.get(0));
        assertScimError(client.scim(other, "GET", "/Groups/" + id, null), 404, null);
        assertScimError(
                client.scim(
                        other,
                        "PATCH",
                        "/Groups/" + id,
                        patch(Map.of("op", "replace", "path", "displayName", "value", "x"))),
                404,
                null);
    }

    @Test
    void groupsPageWithStableOrderAndCountsAsOktaImportsThem() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(createGroup("Paged " + i, users.get(0)));
        }

        List<String> seen = new ArrayList<>();
        for (int start = 1; start <= 5; start += 2) {
            JsonNode page = client.scim(acme, "GET", "/Groups?startIndex=" + start + "&count=2", null)
                    .json();
            assertThat(page.get("totalResults").isInt()).isTrue();
            assertThat(page.get("totalResults").asInt()).isEqualTo(5);
            assertThat(page.get("startIndex").asInt()).isEqualTo(start);
            assertThat(page.get("itemsPerPage").asInt())
                    .isEqualTo(page.get("Resources").size());
            page.get("Resources").forEach(group -> seen.add(group.get("id").asText()));
        }
        assertThat(seen)
                .as("every group once, pages in one order")
                .containsExactlyInAnyOrderElementsOf(created)
                .doesNotHaveDuplicates();
        List<String> again = new ArrayList<>();
        client.scim(acme, "GET", "/Groups?startIndex=1&count=100", null)
                .json()
                .get("Resources")
                .forEach(group -> again.add(group.get("id").asText()));
        assertThat(again).as("one page holds them in the order the pages gave").containsExactlyElementsOf(seen);

        JsonNode countOnly = client.scim(acme, "GET", "/Groups?count=0", null).json();
        assertThat(countOnly.get("totalResults").asInt()).isEqualTo(5);
        assertThat(countOnly.get("Resources")).isEmpty();
        JsonNode withoutMembers = client.scim(acme, "GET", "/Groups?excludedAttributes=members", null)
                .json()
                .get("Resources");
        assertThat(withoutMembers)
                .hasSize(5)
                .allSatisfy(group -> assertThat(group.has("members")).isFalse());
        JsonNode namesOnly = client.scim(acme, "GET", "/Groups?attributes=displayName", null)
                .json()
                .get("Resources");
        assertThat(namesOnly).hasSize(5).allSatisfy(group -> {
            assertThat(group.has("displayName") && group.has("id")).isTrue();
            assertThat(group.has("members")).isFalse();
            assertThat(group.at("/meta/location").isMissingNode())
                    .as("only what attributes names, id and meta.resourceType")
                    .isTrue();
        });
        JsonNode memberValues = client.scim(acme, "GET", "/Groups?attributes=members.value", null)
                .json()
                .get("Resources");
        assertThat(memberValues).allSatisfy(group -> {
            assertThat(group.at("/members/0/value").asText()).isEqualTo(users.get(0));
            assertThat(group.has("displayName")).isFalse();
        });
    }

    @Test
    void twoGroupsMayShareADisplayName() {
        String first = createGroup("Engineering", users.get(0));
        String second = createGroup("Engineering", users.get(1));

        JsonNode found = client.scim(acme, "GET", "/Groups?filter=" + encode("displayName eq \"Engineering\""), null)
                .json();

        assertThat(found.get("totalResults").asInt()).isEqualTo(2);
        assertThat(found.get("Resources"))
                .extracting(group -> group.get("id").asText())
                .containsExactlyInAnyOrder(first, second);
    }

    @Test
    void groupWritesWithPlainJsonBodiesAreAccepted() {
        Response created = client.scim(
                acme,
                "POST",
                "/Groups",
                DirsyncClient.group(Map.of("displayName", "Plain", "members", List.of(member(users.get(0))))),
                "Content-Type",
                "application/json");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();

        Response patched = client.scim(
                acme,
                "PATCH",
                "/Groups/" + id,
                patch(Map.of("op", "add", "path", "members", "value", List.of(member(users.get(1))))),
                "Content-Type",
                "application/json");

        assertThat(patched.status()).as(patched.toString()).isEqualTo(204);
        assertThat(memberIds(id)).containsExactlyInAnyOrder(users.get(0), users.get(1));
    }

    @Test
    void staleIfMatchOnAGroupGets412AndChangesNothing() {
        Response created = client.scim(
                acme,
                "POST",
                "/Groups",
                DirsyncClient.group(Map.of("displayName", "Versioned", "members", List.of(member(users.get(0))))));
        String id = created.json().get("id").asText();
        String first = created.header("ETag").orElseThrow();
        assertThat(client.scim(
                                acme,
                                "PATCH",
                                "/Groups/" + id,
                                patch(Map.of("op", "replace", "path", "displayName", "value", "Renamed")),
                                "If-Match",
                                first)
                        .status())
                .isEqualTo(204);

        assertScimError(
                client.scim(
                        acme,
                        "PATCH",
                        "/Groups/" + id,
                        patch(Map.of("op", "replace", "path", "displayName", "value", "Stale")),
                        "If-Match",
                        first),
                412,
                null);
        assertScimError(
                client.scim(
                        acme,
                        "PUT",
                        "/Groups/" + id,
                        DirsyncClient.group(Map.of("displayName", "Stale", "members", List.of())),
                        "If-Match",
                        first),
                412,
                null);
        assertScimError(client.scim(acme, "DELETE", "/Groups/" + id, null, "If-Match", first), 412, null);

        Response current = client.scim(acme, "GET", "/Groups/" + id, null);
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.json().get("displayName").asText()).isEqualTo("Renamed");
        assertThat(memberIds(id)).containsExactly(users.get(0));
        assertThat(current.header("ETag").orElseThrow()).isNotEqualTo(first);
    }

    @Test
    void aGroupPatchNamingExcludedAttributesAnswers200WithThatView() {
        String id = createGroup("Viewed", users.get(0));

        Response patched = client.scim(
                acme,
                "PATCH",
                "/Groups/" + id + "?excludedAttributes=members",
                patch(Map.of("op", "add", "path", "members", "value", List.of(member(users.get(1))))));

        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("displayName").asText()).isEqualTo("Viewed");
        assertThat(patched.json().has("members")).isFalse();
        assertThat(memberIds(id)).containsExactlyInAnyOrder(users.get(0), users.get(1));
    }

    @Test
    void groupsAreSearchedByPost() {
        String wanted = createGroup("Searched", users.get(0));
        createGroup("Other", users.get(1));

        Response found = client.scim(
                acme,
                "POST",
                "/Groups/.search",
                Map.of(
                        "schemas",
                        List.of("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
                        "filter",
                        "displayName eq \"Searched\"",
                        "excludedAttributes",
                        List.of("members")));

        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        assertThat(found.json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(found.json().at("/Resources/0/id").asText()).isEqualTo(wanted);
        assertThat(found.json().at("/Resources/0").has("members")).isFalse();
    }

    @Test
    void concurrentPatchesAddingDifferentMembersLoseNone() throws Exception {
        String id = createGroup("Crowd");
        List<String> crowd = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            crowd.add(client.createUser(acme, "crowd" + i + "-" + UUID.randomUUID() + "@example.com")
                    .get("id")
                    .asText());
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (String userId : crowd) {
            statuses.add(pool.submit(() -> {
                start.await();
                return client.scim(
                                acme,
                                "PATCH",
                                "/Groups/" + id,
                                patch(Map.of("op", "add", "path", "members", "value", List.of(member(userId)))))
                        .status();
            }));
        }
        start.countDown();
        for (Future<Integer> status : statuses) {
            assertThat(status.get()).isEqualTo(204);
        }
        pool.shutdown();

        assertThat(memberIds(id)).containsExactlyInAnyOrderElementsOf(crowd);
    }

    @Test
    void aGroupGrownOneMemberAtATimeIsSnapshottedAndStillCorrect() {
        String id = createGroup("Growing");
        List<String> grown = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String userId = client.createUser(acme, "grow" + i + "-" + UUID.randomUUID() + "@example.com")
                    .get("id")
                    .asText();
            grown.add(userId);
            assertThat(client.scim(
                                    acme,
                                    "PATCH",
                                    "/Groups/" + id,
                                    patch(Map.of("op", "add", "path", "members", "value", List.of(member(userId)))))
                            .status())
                    .isEqualTo(204);
        }
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?", Long.class, id))
                .isPositive();

        client.scim(
                acme,
                "PATCH",
                "/Groups/" + id,
                patch(Map.of("op", "remove", "path", "members[value eq \"" + grown.get(0) + "\"]")));
        assertThat(memberIds(id)).containsExactlyInAnyOrderElementsOf(grown.subList(1, grown.size()));
        assertThat(client.scim(acme, "GET", "/Groups/" + id, null)
                        .json()
                        .at("/meta/version")
                        .asText())
                .isEqualTo("W/\"121\"");
    }

    /**
     * Every aggregate, the snapshotted Group above included, is built by its no-argument constructor (or taken from its
     * snapshot) rather than as a Spring prototype bean, and commands find their aggregate through the resolver that caches what it found.
     */
    @Test
    void aggregatesAreBuiltByTheGenericFactoryAndTargetedByTheCachingResolver() {
        List<AggregateConfiguration> aggregates = axon.findModules(AggregateConfiguration.class);
        assertThat(aggregates)
                .extracting(AggregateConfiguration::aggregateType)
                .contains(Group.class, User.class, MemberRole.class);
        assertThat(aggregates)
                .allSatisfy(aggregate ->
                        assertThat(aggregate.aggregateFactory()).isInstanceOf(NoArgumentAggregateFactory.class));
        assertThat(axon.getComponent(CommandTargetResolver.class)).isInstanceOf(CachingCommandTargetResolver.class);
    }

    /** The store the service runs on looks for snapshots only of aggregates that have one (KnownSnapshotsStorageEngineTest). */
    @Test
    void theEventStoreSkipsTheSnapshotQueryForAggregatesWithoutOne() {
        assertThat(storage).isInstanceOf(KnownSnapshotsStorageEngine.class);
        String user = users.get(0);
        assertThat(storage.readSnapshot(user)).isEmpty();
        assertThat(storage.readEvents(user).asStream())
                .as("the user's events load as before")
                .isNotEmpty();
    }

    private String createGroup(String name, String... memberIds) {
        List<Map<String, Object>> members = new ArrayList<>();
        for (String memberId : memberIds) {
            members.add(member(memberId));
        }
        Response created = client.scim(
                acme, "POST", "/Groups", DirsyncClient.group(Map.of("displayName", name, "members", members)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private List<String> memberIds(String groupId) {
        Response group = client.scim(acme, "GET", "/Groups/" + groupId, null);
        assertThat(group.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        group.json().get("members").forEach(m -> ids.add(m.get("value").asText()));
        return ids;
    }

    private List<String> eventTypes(String aggregateId) {
        return jdbc
                .queryForList(
                        "SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number",
                        String.class,
                        aggregateId)
                .stream()
                .map(t -> t.substring(t.lastIndexOf('.') + 1))
                .toList();
    }

    private static Map<String, Object> member(String userId) {
        Map<String, Object> member = new java.util.HashMap<>();
        member.put("$ref", null);
        member.put("value", userId);
        return member;
    }
}
