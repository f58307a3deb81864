package io.dirsync.app.health;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness and the migrations, with a real Flyway on a real (in-memory H2) database. */
class MigrationsHealthIndicatorTest {

    @Test
    void downWhileAMigrationIsPendingThenUpForGood(@TempDir Path migrations) throws IOException {
        Files.writeString(migrations.resolve("V1__first.sql"), "CREATE TABLE first_table (id INT PRIMARY KEY);");
        Files.writeString(migrations.resolve("V2__second.sql"), "CREATE TABLE second_table (id INT PRIMARY KEY);");
        Flyway flyway = Flyway.configure()
                .dataSource("jdbc:h2:mem:migrations-health;DB_CLOSE_DELAY=-1", "sa", "")
                .locations("filesystem:" + migrations)
                .load();
        MigrationsHealthIndicator indicator = new MigrationsHealthIndicator(provider(flyway));

        Health before = indicator.health();
        assertThat(before.getStatus()).isEqualTo(Status.DOWN);
        assertThat(before.getDetails()).containsEntry("pending", 2L).containsEntry("version", "none");

        flyway.migrate();
        Health after = indicator.health();
        assertThat(after.getStatus()).isEqualTo(Status.UP);
        assertThat(after.getDetails()).containsEntry("version", "2");

        Files.writeString(migrations.resolve("V3__later.sql"), "CREATE TABLE third_table (id INT PRIMARY KEY);");
        assertThat(indicator.health().getStatus())
                .as("complete once is complete: the store is not asked again")
                .isEqualTo(Status.UP);
    }

    @Test
    void unknownWhereFlywayIsNotConfigured() {
        assertThat(new MigrationsHealthIndicator(new StaticListableBeanFactory().getBeanProvider(Flyway.class))
                        .health()
                        .getStatus())
                .isEqualTo(Status.UNKNOWN);
    }

    private static org.springframework.beans.factory.ObjectProvider<Flyway> provider(Flyway flyway) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("flyway", flyway);
        return beans.getBeanProvider(Flyway.class);
    }
}
