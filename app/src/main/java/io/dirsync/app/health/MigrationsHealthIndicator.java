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
 * Part of readiness: DOWN until every Flyway migration this build ships is applied and none has failed, as when
 * another process migrates the database ({@code SPRING_FLYWAY_ENABLED=false} on this node) or a migration broke
 * half-way. Once complete it stays UP without asking again: applied migrations are never undone while we run.
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
        long failed = Arrays.stream(info.all()).filter(migration -> migration.getState().isFailed()).count();
        MigrationInfo current = info.current();
        String version = current == null || current.getVersion() == null ? "none" : current.getVersion().getVersion();
        if (pending == 0 && failed == 0) {
            completeAt = version;
            builder.up().withDetail("version", version);
        } else {
            builder.down().withDetail("version", version).withDetail("pending", pending).withDetail("failed", failed);
        }
    }
}
