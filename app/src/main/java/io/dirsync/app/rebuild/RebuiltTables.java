package io.dirsync.app.rebuild;

import io.dirsync.query.accessreview.AccessHistoryProjection;
import io.dirsync.query.attributemapping.UserPublicMetadataProjection;
import io.dirsync.query.audit.EventLogProjection;
import io.dirsync.query.connection.ConnectionOverviewProjection;
import io.dirsync.query.directoryuser.DirectoryUserProjection;
import io.dirsync.query.organization.OrganizationOverviewProjection;
import io.dirsync.query.rolemapping.OrganizationMemberProjection;

import java.util.List;
import java.util.Map;

/**
 * The tables each streaming projection owns (the ones its {@code @ResetHandler} empties): what a rebuild in sets
 * builds afresh and puts in place of the live ones. The role resolution and the webhook outbox are streaming too, but
 * they send commands and deliveries, so they are not read models to rebuild.
 */
final class RebuiltTables {
    static final Map<String, List<String>> OF_PROJECTION = Map.of(
            DirectoryUserProjection.PROCESSING_GROUP, List.of("directory_user"),
            EventLogProjection.PROCESSING_GROUP, List.of("event_log", "event_log_subject"),
            UserPublicMetadataProjection.PROCESSING_GROUP,
                    List.of("user_public_metadata", "public_metadata_mapping", "access_metadata_interval"),
            OrganizationMemberProjection.PROCESSING_GROUP, List.of("org_member", "org_member_name"),
            ConnectionOverviewProjection.PROCESSING_GROUP, List.of("connection_overview"),
            OrganizationOverviewProjection.PROCESSING_GROUP,
                    List.of("organization_overview", "organization_overview_role"),
            AccessHistoryProjection.PROCESSING_GROUP,
                    List.of(
                            "access_user_interval",
                            "access_role_interval",
                            "access_group_interval",
                            "access_membership_interval"));

    private RebuiltTables() {}
}
