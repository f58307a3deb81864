package io.dirsync.command.group;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.snapshotting.RevisionSnapshotFilter;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Snapshots of the {@link Group} aggregate. A snapshot of another revision of the class is ignored (the
 * group is rebuilt from its events), so changing Group's fields means raising {@link #REVISION}.
 */
@Configuration
public class GroupSnapshots {
    static final String TRIGGER = "groupSnapshotTrigger";
    static final String FILTER = "groupSnapshotFilter";
    static final String REVISION = "1";
    static final int EVENTS_BETWEEN_SNAPSHOTS = 100;

    @Bean(TRIGGER)
    public SnapshotTriggerDefinition groupSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, EVENTS_BETWEEN_SNAPSHOTS);
    }

    @Bean(FILTER)
    public SnapshotFilter groupSnapshotFilter() {
        return RevisionSnapshotFilter.builder()
                .type(Group.class)
                .revision(REVISION)
                .build();
    }
}
