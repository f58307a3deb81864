package io.dirsync.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 25, strong admin credentials: dirsync does not start with a short admin token, and a new admin token ends
 * every admin web UI session signed under the old one. Whole applications, started as an operator would, on H2 and
 * on PostgreSQL.
 */
class AdminTokenIT {
    private static final String NEW_TOKEN = "rotated-admin-token-8c1f0e5a7b2d4c6e9f3a";

    @Test
    void onH2AShortTokenStopsTheStartAndANewTokenEndsEverySession(@TempDir Path dataDir) throws Exception {
        shortTokenRefusedAndSessionsEndWithTheToken(List.of("dirsync.data-dir=" + dataDir));
    }

    @Test
    void onPostgresAShortTokenStopsTheStartAndANewTokenEndsEverySession(@TempDir Path dataDir) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            shortTokenRefusedAndSessionsEndWithTheToken(List.of(
                    "spring.profiles.active=postgres",
                    "spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "spring.datasource.username=postgres",
                    "spring.datasource.password=",
                    "dirsync.data-dir=" + dataDir));
        }
    }

    private static void shortTokenRefusedAndSessionsEndWithTheToken(List<String> database) throws Exception {
        assertThatThrownBy(() -> start(database, "only-19-characters!"))
                .hasStackTraceContaining("DIRSYNC_ADMIN_TOKEN")
                .hasStackTraceContaining("at least 20")
                .hasStackTraceContaining("openssl rand -hex 32");

        String cookie;
        try (ConfigurableApplicationContext first = start(database, DirsyncClient.ADMIN_TOKEN)) {
            HttpClientSupport http = http(first);
            HttpClientSupport.Response login = login(http, DirsyncClient.ADMIN_TOKEN);
            assertThat(login.status()).as(login.toString()).isEqualTo(302);
            String setCookie = login.header("Set-Cookie").orElseThrow();
            cookie = setCookie.substring(0, setCookie.indexOf(';'));
            assertThat(page(http, cookie).status()).as("the session works").isEqualTo(200);
        }
        try (ConfigurableApplicationContext second = start(database, NEW_TOKEN)) {
            HttpClientSupport http = http(second);
            HttpClientSupport.Response page = page(http, cookie);
            assertThat(page.status()).as("the old session is over").isEqualTo(302);
            assertThat(page.header("Location"))
                    .hasValueSatisfying(location -> assertThat(location).endsWith("/admin/login"));
            assertThat(login(http, DirsyncClient.ADMIN_TOKEN).status())
                    .as("the old token")
                    .isEqualTo(401);
            assertThat(login(http, NEW_TOKEN).status()).isEqualTo(302);
        }
    }

    private static HttpClientSupport.Response login(HttpClientSupport http, String token) {
        return http.send(
                "POST",
                "/admin/login",
                null,
                "token=" + token,
                "Content-Type",
                "application/x-www-form-urlencoded",
                "Origin",
                http.origin());
    }

    private static HttpClientSupport.Response page(HttpClientSupport http, String cookie) {
        return http.send("GET", "/admin/connections", null, null, "Cookie", cookie);
    }

    private static ConfigurableApplicationContext start(List<String> properties, String adminToken) {
        // as command-line arguments: they outrank application.yml, as an operator's settings do
        List<String> args = new ArrayList<>();
        properties.forEach(p -> args.add("--" + p));
        args.add("--dirsync.admin-token=" + adminToken);
        args.add("--server.port=0");
        return new SpringApplicationBuilder(DirsyncApplication.class).run(args.toArray(String[]::new));
    }

    private static HttpClientSupport http(ConfigurableApplicationContext context) {
        return new HttpClientSupport("http://127.0.0.1:"
                + ((ServletWebServerApplicationContext) context).getWebServer().getPort());
    }
}
