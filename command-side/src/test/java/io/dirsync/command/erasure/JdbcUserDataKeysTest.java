package io.dirsync.command.erasure;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key cache may only ever hold keys the database holds committed: a key from a rolled-back transaction would seal
 * events under a key that is gone, and a destroyed key must stop opening anything on this node at once.
 */
class JdbcUserDataKeysTest {
    private final SingleConnectionDataSource dataSource =
            new SingleConnectionDataSource("jdbc:h2:mem:keys-" + UUID.randomUUID(), "sa", "", true);
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final TransactionTemplate transaction =
            new TransactionTemplate(new DataSourceTransactionManager(dataSource));

    JdbcUserDataKeysTest() {
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V40__right_to_erasure.sql"))
                .execute(dataSource);
    }

    @AfterEach
    void close() {
        dataSource.destroy();
    }

    private JdbcUserDataKeys keys(Duration timeToLive) {
        return new JdbcUserDataKeys(jdbc, "", timeToLive, 1000);
    }

    @Test
    void aKeyCreatedInATransactionThatRollsBackIsNeitherStoredNorCached() {
        JdbcUserDataKeys keys = keys(Duration.ofMinutes(1));
        transaction.executeWithoutResult(status -> {
            keys.obtain("u1");
            assertThat(keys.find("u1")).as("visible inside its own transaction").isPresent();
            status.setRollbackOnly();
        });

        assertThat(keys.find("u1")).isEmpty();
        byte[] second = transaction.execute(status -> keys.obtain("u1"));
        assertThat(keys.find("u1")).hasValueSatisfying(key -> assertThat(key).isEqualTo(second));
    }

    @Test
    void aNewUsersKeyIsTheOneItsTransactionSealsWithAndKeepsOnlyIfItCommits() {
        JdbcUserDataKeys keys = keys(Duration.ofMinutes(1));
        transaction.executeWithoutResult(status -> {
            byte[] created = keys.createForNewUser("n1");
            assertThat(keys.obtain("n1")).isEqualTo(created);
            status.setRollbackOnly();
        });
        assertThat(keys.find("n1")).isEmpty();

        byte[] created = transaction.execute(status -> keys.createForNewUser("n1"));
        assertThat(jdbc.queryForObject("SELECT key_bytes FROM user_data_key WHERE user_id = 'n1'", byte[].class))
                .isEqualTo(created);
        assertThat(keys(Duration.ZERO).find("n1"))
                .hasValueSatisfying(key -> assertThat(key).isEqualTo(created));
    }

    @Test
    void aCommittedKeyIsServedFromMemoryUntilItIsDestroyed() {
        JdbcUserDataKeys keys = keys(Duration.ofMinutes(1));
        byte[] key = transaction.execute(status -> keys.obtain("u2"));
        jdbc.update("UPDATE user_data_key SET key_bytes = ? WHERE user_id = 'u2'", (Object) new byte[32]);

        assertThat(keys.find("u2"))
                .as("cached after commit")
                .hasValueSatisfying(found -> assertThat(found).isEqualTo(key));

        transaction.executeWithoutResult(status -> keys.destroy("u2"));
        assertThat(keys.find("u2")).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM user_data_key", Integer.class))
                .isZero();
    }

    @Test
    void aKeyReadByATransactionThatCommitsAfterTheErasureIsNotCachedAgain() {
        JdbcUserDataKeys keys = keys(Duration.ofMinutes(1));
        transaction.execute(status -> keys.obtain("u3"));
        JdbcUserDataKeys reader = keys(Duration.ofMinutes(1));
        transaction.executeWithoutResult(status -> {
            assertThat(reader.find("u3")).isPresent();
            reader.destroy("u3");
        });

        // a row put back behind the service's back shows whether the old key was published when the transaction
        // committed
        jdbc.update(
                "INSERT INTO user_data_key (user_id, key_bytes, wrapped, created_at) VALUES ('u3', ?, FALSE, CURRENT_TIMESTAMP)",
                (Object) new byte[32]);
        assertThat(reader.find("u3"))
                .hasValueSatisfying(found -> assertThat(found).isEqualTo(new byte[32]));
        jdbc.update("DELETE FROM user_data_key WHERE user_id = 'u3'");
        assertThat(reader.find("u3"))
                .as("an erased user's key is not cached again")
                .isEmpty();
    }

    @Test
    void prefetchedKeysAreFoundWithoutAQueryEachAndPublishedOnlyWhenTheTransactionCommits() {
        JdbcUserDataKeys writer = keys(Duration.ofMinutes(1));
        byte[] first = transaction.execute(status -> writer.obtain("p1"));
        byte[] second = transaction.execute(status -> writer.obtain("p2"));
        JdbcUserDataKeys reader = keys(Duration.ofMinutes(1));

        transaction.executeWithoutResult(status -> {
            reader.prefetch(List.of("p1", "p2", "p1", "nobody"));
            // the rows changed behind the service's back show whether a find still queries
            jdbc.update("UPDATE user_data_key SET key_bytes = ?", (Object) new byte[32]);
            assertThat(reader.find("p1"))
                    .hasValueSatisfying(found -> assertThat(found).isEqualTo(first));
            assertThat(reader.find("p2"))
                    .hasValueSatisfying(found -> assertThat(found).isEqualTo(second));
            assertThat(reader.find("nobody")).isEmpty();
            status.setRollbackOnly();
        });

        jdbc.update("UPDATE user_data_key SET key_bytes = ? WHERE user_id = 'p1'", (Object) new byte[32]);
        assertThat(reader.find("p1"))
                .as("the rolled-back transaction published nothing, so the table is read")
                .hasValueSatisfying(found -> assertThat(found).isEqualTo(new byte[32]));
    }

    @Test
    void aPrefetchNeverBringsBackADestroyedKey() {
        JdbcUserDataKeys keys = keys(Duration.ofMinutes(1));
        transaction.execute(status -> keys.obtain("p3"));
        transaction.executeWithoutResult(status -> keys.destroy("p3"));
        jdbc.update(
                "INSERT INTO user_data_key (user_id, key_bytes, wrapped, created_at) VALUES ('p3', ?, FALSE, CURRENT_TIMESTAMP)",
                (Object) new byte[32]);

        transaction.executeWithoutResult(status -> keys.prefetch(List.of("p3")));
        jdbc.update("DELETE FROM user_data_key WHERE user_id = 'p3'");

        assertThat(keys.find("p3")).isEmpty();
    }

    @Test
    void aTimeToLiveOfZeroReadsTheTableEveryTime() {
        JdbcUserDataKeys keys = keys(Duration.ZERO);
        transaction.execute(status -> keys.obtain("u4"));
        jdbc.update("DELETE FROM user_data_key WHERE user_id = 'u4'");

        assertThat(keys.find("u4")).isEmpty();
    }
}
