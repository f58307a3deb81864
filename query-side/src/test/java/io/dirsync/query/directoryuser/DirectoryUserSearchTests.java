package io.dirsync.query.directoryuser;

import io.dirsync.api.directoryuser.DirectoryUser;
import io.dirsync.api.directoryuser.DirectoryUserPage;
import io.dirsync.api.directoryuser.ListDirectoryUsersQuery;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Directory users query over 100,000 users of one connection, on a real database ({@link H2DirectoryUserSearchTest},
 * {@link PostgresDirectoryUserSearchTest}): right answers from statements shaped for the indexes; the median of five
 * runs of each is printed (not asserted: this machine's load decides wall time more than the statement does).
 * Rows are written straight into the view's table: what is tested is the query, not the projection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DirectoryUserSearchTests {
    private static final String BIG = "big-connection";
    private static final int USERS = 100_000;
    private DirectoryUserSearch search;

    abstract DataSource dataSource();

    @BeforeAll
    void fillTheView() {
        Flyway.configure()
                .dataSource(dataSource())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource());
        Timestamp synced = Timestamp.from(Instant.parse("2026-11-01T10:00:00Z"));
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            // userNames in scrambled insertion order; every 1,000th user's email differs from its userName
            String userName = String.format("user%06d@example.com", (i * 7919) % USERS);
            String email = i % 1000 == 0 ? "boss" + i + "@corp.example" : userName;
            rows.add(new Object[] {
                "id-" + i,
                BIG,
                userName,
                userName,
                email,
                email,
                i % 10 == 0 ? "Deactivated" : "Active",
                synced,
                "member"
            });
            if (rows.size() == 5_000) {
                insert(jdbc, rows);
            }
        }
        rows.add(new Object[] {
            "other-1",
            "other-connection",
            "user000001@example.com",
            "user000001@example.com",
            "boss@corp.example",
            "boss@corp.example",
            "Active",
            synced,
            null
        });
        insert(jdbc, rows);
        jdbc.execute("ANALYZE");
        search = new DirectoryUserSearch(jdbc);
    }

    @Test
    void theFirstAndTheLastPageInUserNameOrder() {
        DirectoryUserPage first = timed("first page", () -> query(null, null, 1, 25));
        assertThat(first.totalResults()).isEqualTo(USERS);
        assertThat(first.resources())
                .extracting(DirectoryUser::userName)
                .first()
                .isEqualTo("user000000@example.com");
        assertThat(first.resources())
                .extracting(DirectoryUser::userName)
                .isSorted()
                .hasSize(25);

        DirectoryUserPage last = timed("page 4,000 (startIndex 99,976)", () -> query(null, null, USERS - 24, 25));
        assertThat(last.resources())
                .extracting(DirectoryUser::userName)
                .hasSize(25)
                .isSorted()
                .last()
                .isEqualTo("user099999@example.com");
    }

    @Test
    void aNarrowSearchMatchesThePrefixOfUserNameOrEmail() {
        DirectoryUserPage byUserName = timed("search 'user04213' (10 matches)", () -> query("USER04213", null, 1, 25));
        assertThat(byUserName.totalResults()).isEqualTo(10);
        assertThat(byUserName.resources())
                .extracting(DirectoryUser::userName)
                .isSorted()
                .allMatch(name -> name.startsWith("user04213"));

        DirectoryUserPage byEmail =
                timed("search 'boss' (100 matches by email only)", () -> query("boss", null, 1, 25));
        assertThat(byEmail.totalResults())
                .as("the other connection's boss is not ours")
                .isEqualTo(100);
        assertThat(byEmail.resources())
                .hasSize(25)
                .allMatch(user -> user.email().startsWith("boss"));
        assertThat(byEmail.resources()).extracting(DirectoryUser::userName).isSorted();
        assertThat(query("boss", null, 76, 25).resources()).hasSize(25);
        assertThat(query("boss", null, 101, 25).resources()).isEmpty();

        assertThat(query("nobody", null, 1, 25).totalResults()).isZero();
        assertThat(query("user%", null, 1, 25).totalResults())
                .as("LIKE wildcards are taken literally")
                .isZero();
    }

    @Test
    void aBroadSearchAndAStatusFilter() {
        DirectoryUserPage broad = timed("search 'user0' (100,000 matches)", () -> query("user0", null, 1, 25));
        assertThat(broad.totalResults()).isEqualTo(USERS);
        assertThat(broad.resources())
                .extracting(DirectoryUser::userName)
                .hasSize(25)
                .isSorted();

        DirectoryUserPage deep = timed("search 'user0', page 2,000", () -> query("user0", null, 49_976, 25));
        assertThat(deep.resources())
                .extracting(DirectoryUser::userName)
                .hasSize(25)
                .isSorted();

        DirectoryUserPage deactivated = timed("status Deactivated", () -> query(null, "Deactivated", 1, 25));
        assertThat(deactivated.totalResults()).isEqualTo(USERS / 10);
        assertThat(deactivated.resources()).allMatch(user -> user.status().equals("Deactivated"));

        DirectoryUserPage deactivatedBosses =
                timed("search 'boss' and Deactivated", () -> query("boss", "Deactivated", 1, 200));
        assertThat(deactivatedBosses.totalResults()).isEqualTo(100);
        assertThat(deactivatedBosses.resources()).hasSize(100);
    }

    private DirectoryUserPage query(String q, String status, int startIndex, int count) {
        return search.handle(ListDirectoryUsersQuery.of(BIG, status, q, startIndex, count));
    }

    private <T> T timed(String what, Supplier<T> call) {
        long[] millis = new long[5];
        T result = null;
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            result = call.get();
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        long median = Arrays.stream(millis).sorted().toArray()[millis.length / 2];
        System.out.printf(
                "%s, directory users at %,d: %s median %d ms (runs %s)%n",
                getClass().getSimpleName(), USERS, what, median, Arrays.toString(millis));
        return result;
    }

    private static void insert(JdbcTemplate jdbc, List<Object[]> rows) {
        jdbc.batchUpdate(
                "INSERT INTO directory_user (user_id, connection_id, user_name, user_name_key, email, email_key, status,"
                        + " last_synced_at, role_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows);
        rows.clear();
    }
}
