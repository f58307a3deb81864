package io.dirsync.query.attributemapping;

import io.dirsync.api.attributemapping.AttributeMapping;
import io.dirsync.api.attributemapping.AttributeMappingsReplacedEvent;
import io.dirsync.api.attributemapping.ListAttributeMappingsQuery;
import io.dirsync.query.GivenEvents;
import io.dirsync.query.MigratedDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each connection's attribute mappings as saved: given replacements, then the admin reads back the last one. */
abstract class AttributeMappingProjectionTests {
    private static final AttributeMapping WORK_EMAIL =
            new AttributeMapping("emails[type eq \"work\"].value", "workEmail");
    private static final AttributeMapping DEPARTMENT =
            new AttributeMapping("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "department");
    private static final AttributeMapping ACTIVE = new AttributeMapping("active", "isActive");

    private AttributeMappingProjection projection;
    private GivenEvents given;

    @RegisterExtension
    final MigratedDatabase database;

    /** @param database fresh for each test, on H2 or on PostgreSQL (the two subclasses) */
    AttributeMappingProjectionTests(MigratedDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void projection() {
        projection = new AttributeMappingProjection(database.jdbc());
        given = new GivenEvents(projection, Instant.parse("2026-11-01T10:00:00Z"));
    }

    @Test
    void theAdminReadsBackTheLastSavedMappingsPathsAsSentInTheirOrder() {
        given.event("c1", new AttributeMappingsReplacedEvent("c1", List.of(ACTIVE)));
        given.event("c1", new AttributeMappingsReplacedEvent("c1", List.of(DEPARTMENT, WORK_EMAIL, ACTIVE)));

        assertThat(projection.handle(new ListAttributeMappingsQuery("c1")))
                .containsExactly(DEPARTMENT, WORK_EMAIL, ACTIVE);
    }

    @Test
    void savingNoMappingsClearsThemAndAConnectionThatNeverSavedAnyHasNone() {
        given.event("c1", new AttributeMappingsReplacedEvent("c1", List.of(ACTIVE, WORK_EMAIL)));
        given.event("c2", new AttributeMappingsReplacedEvent("c2", List.of(DEPARTMENT)));
        given.event("c1", new AttributeMappingsReplacedEvent("c1", List.of()));

        assertThat(projection.handle(new ListAttributeMappingsQuery("c1"))).isEmpty();
        assertThat(projection.handle(new ListAttributeMappingsQuery("c2"))).containsExactly(DEPARTMENT);
        assertThat(projection.handle(new ListAttributeMappingsQuery("c3"))).isEmpty();
    }

    @Test
    void everyReplacementWritesTheHeadRowTheRebuildLocks() {
        assertThat(projection.lockMainRow("c1")).isFalse();
        given.event("c1", new AttributeMappingsReplacedEvent("c1", List.of()));
        given.event("c1", new AttributeMappingsReplacedEvent("c1", List.of(ACTIVE)));

        assertThat(projection.lockMainRow("c1")).isTrue();
        assertThat(database.jdbc()
                        .queryForObject("SELECT COUNT(*) FROM connection_attribute_mapping_head", Integer.class))
                .isOne();
    }

    @Test
    void aRebuildStartsFromNoMappingsOfThatConnectionOnly() {
        given.event("c1", new AttributeMappingsReplacedEvent("c1", List.of(ACTIVE, WORK_EMAIL)));
        given.event("c2", new AttributeMappingsReplacedEvent("c2", List.of(DEPARTMENT)));

        projection.deleteDependentRows("c1");
        assertThat(projection.handle(new ListAttributeMappingsQuery("c1"))).isEmpty();
        assertThat(projection.handle(new ListAttributeMappingsQuery("c2"))).containsExactly(DEPARTMENT);

        given.event("c1", new AttributeMappingsReplacedEvent("c1", List.of(WORK_EMAIL)));
        assertThat(projection.handle(new ListAttributeMappingsQuery("c1"))).containsExactly(WORK_EMAIL);
    }
}
