package io.dirsync.app.health;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.Arrays;

/**
 * Part of readiness: DOWN until the database holds every Flyway migration this build ships and none has failed, so a
 * node never reports ready on a schema it does not know. Flyway migrates at start, before the port opens, so a node
 * that answers has normally passed it; the details name the schema version. Once complete it is not asked again
 * (reading Flyway's history resolves every migration on the class path). Without Flyway here: UNKNOWN, which
 * does not hold readiness down.
 */
@Component("migrations")
public class MigrationsHealthIndicator extends AbstractHealthIndicator {
    private final Flyway flyway;
    private volatile String completeAt;

    public MigrationsHealthIndicator(ObjectProvider<Flyway> flyway) {
        super("Migration health check failed");
        this.flyway = flyway.getIfAvailable();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (completeAt != null) {
            builder.up().withDetail("version", completeAt);
            return;
        }
        if (flyway == null) {
            builder.unknown().withDetail("reason", "Flyway is not configured on this node");
            return;
        }
        MigrationInfoService info = flyway.info();
        long pending = info.pending().length;
        long failed = Arrays.stream(info.all())
                .filter(migration -> migration.getState().isFailed())
                .count();
        MigrationInfo current = info.current();
        String version = current == null || current.getVersion() == null
                ? "none"
                : current.getVersion().getVersion();
        if (pending == 0 && failed == 0) {
            completeAt = version;
            builder.up().withDetail("version", version);
        } else {
            builder.down()
                    .withDetail("version", version)
                    .withDetail("pending", pending)
                    .withDetail("failed", failed);
        }
    }
}
