package io.dirsync.api.webhook;

import java.util.List;

/** The webhook event names of the API contract: what an endpoint can subscribe to. */
public final class WebhookEventTypes {
    public static final String USER_CREATED = "user.created";
    public static final String USER_UPDATED = "user.updated";
    public static final String USER_DELETED = "user.deleted";
    public static final String GROUP_CREATED = "group.created";
    public static final String GROUP_UPDATED = "group.updated";
    public static final String GROUP_DELETED = "group.deleted";
    public static final String MEMBERSHIP_UPDATED = "organizationMembership.updated";

    public static final List<String> ALL = List.of(
            USER_CREATED, USER_UPDATED, USER_DELETED, GROUP_CREATED, GROUP_UPDATED, GROUP_DELETED, MEMBERSHIP_UPDATED);

    private WebhookEventTypes() {}
}
