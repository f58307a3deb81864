package io.dirsync.command.webhook;

import io.dirsync.api.attributemapping.PublicMetadataEditedEvent;
import io.dirsync.api.connection.ConnectionTokenRotatedEvent;
import io.dirsync.api.connection.TokenDigest;
import io.dirsync.api.group.GroupCreatedEvent;
import io.dirsync.api.group.GroupDeletedEvent;
import io.dirsync.api.group.GroupExternalIdChangedEvent;
import io.dirsync.api.group.GroupMembersAddedEvent;
import io.dirsync.api.group.GroupMembersRemovedEvent;
import io.dirsync.api.group.GroupRenamedEvent;
import io.dirsync.api.rolemapping.MemberRoleChangedEvent;
import io.dirsync.api.rolemapping.RoleSource;
import io.dirsync.api.session.SessionsRevokedEvent;
import io.dirsync.api.user.EmailAddress;
import io.dirsync.api.user.EnterpriseAttributes;
import io.dirsync.api.user.PersonName;
import io.dirsync.api.user.UserDeactivatedEvent;
import io.dirsync.api.user.UserDeletedEvent;
import io.dirsync.api.user.UserProfile;
import io.dirsync.api.user.UserProfileUpdatedEvent;
import io.dirsync.api.user.UserProvisionedEvent;
import io.dirsync.api.user.UserReactivatedEvent;
import io.dirsync.api.user.UserReprovisionedEvent;
import io.dirsync.api.webhook.WebhookRegisteredEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookEventsTest {
    private static final UserProfile PROFILE = new UserProfile(
            "ada@example.com",
            "ext-1",
            new PersonName("Ada", "Lovelace", null),
            "Ada Lovelace",
            List.of(new EmailAddress("ada@example.com", "work", true)),
            new EnterpriseAttributes("42", null, null, null, "Engineering", null),
            Map.of("badge", "B-7"));

    @Test
    void everyContractEventHasItsSourceEvents() {
        Map<Object, String> expected = new java.util.LinkedHashMap<>();
        expected.put(new UserProvisionedEvent("u", "c", PROFILE, true), "user.created");
        expected.put(new UserProfileUpdatedEvent("u", "c", PROFILE), "user.updated");
        expected.put(new UserDeactivatedEvent("u", "c", "PATCH"), "user.updated");
        expected.put(new UserReactivatedEvent("u", "c"), "user.updated");
        expected.put(new UserReprovisionedEvent("u", "c", PROFILE, true), "user.updated");
        expected.put(new UserDeletedEvent("u", "c"), "user.deleted");
        expected.put(new PublicMetadataEditedEvent("u", "c", Map.of("tier", "gold"), List.of()), "user.updated");
        expected.put(new GroupCreatedEvent("g", "c", "Admins", "ext-g"), "group.created");
        expected.put(new GroupRenamedEvent("g", "c", "Owners"), "group.updated");
        expected.put(new GroupExternalIdChangedEvent("g", "c", null), "group.updated");
        expected.put(new GroupMembersAddedEvent("g", "c", List.of("u")), "group.updated");
        expected.put(new GroupMembersRemovedEvent("g", "c", List.of("u")), "group.updated");
        expected.put(new GroupDeletedEvent("g", "c"), "group.deleted");
        expected.put(
                new MemberRoleChangedEvent("membership:u", "u", "c", "o", "admin", RoleSource.MAPPING, "g"),
                "organizationMembership.updated");

        expected.forEach((event, type) -> assertThat(WebhookEvents.map(event))
                .as(event.toString())
                .hasValueSatisfying(mapped -> assertThat(mapped.type()).isEqualTo(type)));
    }

    @Test
    void eventsOutsideTheContractAreNotAnnounced() {
        Stream.of(
                        new ConnectionTokenRotatedEvent("c", new TokenDigest("t", "a".repeat(64))),
                        new SessionsRevokedEvent("u", "c", List.of("s")),
                        new WebhookRegisteredEvent("w", "http://127.0.0.1/", List.of("user.created")),
                        "not an event")
                .forEach(event -> assertThat(WebhookEvents.map(event))
                        .as(event.toString())
                        .isEmpty());
    }

    @Test
    void userEventsCarryTheWholeProfileWhenTheyHaveIt() {
        WebhookEvents.Mapped created = WebhookEvents.map(new UserProvisionedEvent("u", "c", PROFILE, true))
                .orElseThrow();

        assertThat(created.orderingKey()).isEqualTo("user:u");
        assertThat(created.data())
                .containsExactly(
                        Map.entry("userId", "u"),
                        Map.entry("connectionId", "c"),
                        Map.entry("change", "provisioned"),
                        Map.entry("active", true),
                        Map.entry("profile", created.data().get("profile")));
        @SuppressWarnings("unchecked")
        Map<String, Object> profile = (Map<String, Object>) created.data().get("profile");
        assertThat(profile)
                .containsOnlyKeys(
                        "userName",
                        "externalId",
                        "displayName",
                        "name",
                        "emails",
                        "enterprise",
                        "customAttributes",
                        "attributes");
        assertThat(profile.get("attributes")).isEqualTo(PROFILE.attributes());
        assertThat(profile.get("name"))
                .isEqualTo(mapOf("givenName", "Ada", "familyName", "Lovelace", "formatted", null));
        assertThat(profile.get("emails"))
                .isEqualTo(List.of(Map.of("value", "ada@example.com", "type", "work", "primary", true)));
        assertThat(profile.get("customAttributes")).isEqualTo(Map.of("badge", "B-7"));
    }

    @Test
    void aKeyIsPresentOnlyWhenTheEventCarriesIt() {
        assertThat(WebhookEvents.map(new UserDeactivatedEvent("u", "c", "PATCH"))
                        .orElseThrow()
                        .data())
                .containsOnlyKeys("userId", "connectionId", "change", "active")
                .containsEntry("active", false);
        assertThat(WebhookEvents.map(new UserProfileUpdatedEvent("u", "c", PROFILE))
                        .orElseThrow()
                        .data())
                .containsOnlyKeys("userId", "connectionId", "change", "profile");
        assertThat(WebhookEvents.map(new PublicMetadataEditedEvent("u", "c", Map.of("tier", "gold"), List.of("old")))
                        .orElseThrow()
                        .data())
                .containsOnlyKeys("userId", "connectionId", "change", "set", "removed")
                .containsEntry("change", "publicMetadataEdited")
                .containsEntry("set", Map.of("tier", "gold"))
                .containsEntry("removed", List.of("old"));
        assertThat(WebhookEvents.map(new GroupExternalIdChangedEvent("g", "c", null))
                        .orElseThrow()
                        .data())
                .containsOnlyKeys("groupId", "connectionId", "change", "externalId")
                .containsEntry("externalId", null);
        assertThat(WebhookEvents.map(new GroupMembersAddedEvent("g", "c", List.of("u1", "u2")))
                        .orElseThrow()
                        .data())
                .containsEntry("change", "membersAdded")
                .containsEntry("userIds", List.of("u1", "u2"));
    }

    @Test
    void roleChangesAreOrderedWithTheirUserAndGroupEventsWithTheirGroup() {
        WebhookEvents.Mapped role = WebhookEvents.map(
                        new MemberRoleChangedEvent("membership:u", "u", "c", "o", "admin", RoleSource.MAPPING, "g"))
                .orElseThrow();

        assertThat(role.orderingKey()).isEqualTo("user:u");
        assertThat(role.data())
                .containsEntry("source", "mapping")
                .containsEntry("role", "admin")
                .containsEntry("organizationId", "o");
        assertThat(WebhookEvents.map(new GroupRenamedEvent("g", "c", "X"))
                        .orElseThrow()
                        .orderingKey())
                .isEqualTo("group:g");
    }

    private static Map<String, Object> mapOf(Object... pairs) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
