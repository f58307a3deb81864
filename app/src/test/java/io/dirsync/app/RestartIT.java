package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.DirsyncClient.Connection;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What was answered before a restart is served after it: the event store and read model are durable. */
class RestartIT {

    @Test
    void h2FilesSurviveARestartIncludingTheGeneratedAdminToken(@TempDir Path dataDir) throws Exception {
        List<String> properties = List.of("dirsync.data-dir=" + dataDir);
        String adminToken;
        Snapshot before;
        try (ConfigurableApplicationContext first = start(properties)) {
            Path tokenFile = dataDir.resolve("admin-token");
            assertThat(tokenFile)
                    .as("an admin token is generated at first start")
                    .exists();
            adminToken = Files.readString(tokenFile).trim();
            before = writeSomething(client(first), adminToken);
        }
        try (ConfigurableApplicationContext second = start(properties)) {
            assertThat(Files.readString(dataDir.resolve("admin-token")).trim()).isEqualTo(adminToken);
            assertServed(client(second), before, adminToken);
        }
    }

    @Test
    void postgresSurvivesARestart() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            List<String> properties = List.of(
                    "spring.profiles.active=postgres",
                    "spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "spring.datasource.username=postgres",
                    "spring.datasource.password=",
                    "dirsync.admin-token=" + DirsyncClient.ADMIN_TOKEN,
                    "dirsync.data-dir=" + Files.createTempDirectory("dirsync-restart-pg"));
            Snapshot before;
            try (ConfigurableApplicationContext first = start(properties)) {
                before = writeSomething(client(first), DirsyncClient.ADMIN_TOKEN);
            }
            try (ConfigurableApplicationContext second = start(properties)) {
                assertServed(client(second), before, DirsyncClient.ADMIN_TOKEN);
            }
        }
    }

    private record Snapshot(Connection connection, JsonNode user) {}

    private static Snapshot writeSomething(DirsyncClient client, String adminToken) {
        HttpClientSupport.Response created =
                client.http().send("POST", "/api/connections", adminToken, Map.of("name", "durable"));
        assertThat(created.status()).isEqualTo(201);
        Connection connection = new Connection(
                created.json().get("id").asText(),
                created.json().get("scimBaseUrl").asText(),
                created.json().get("bearerToken").asText());
        String id =
                client.createUser(connection, "durable@example.com").get("id").asText();
        HttpClientSupport.Response patched = client.scim(
                connection,
                "PATCH",
                "/Users/" + id,
                ScimUsersContractTests.patch(Map.of("op", "Replace", "path", "active", "value", "False")));
        assertThat(patched.status()).isEqualTo(200);
        return new Snapshot(connection, patched.json());
    }

    private static void assertServed(DirsyncClient client, Snapshot before, String adminToken) {
        String id = before.user().get("id").asText();
        Connection connection = new Connection(
                before.connection().id(),
                pathOf(before.connection().base()),
                before.connection().token());
        HttpClientSupport.Response read = client.scim(connection, "GET", "/Users/" + id, null);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        JsonNode user = read.json();
        assertThat(user.get("active").asBoolean()).isFalse();
        assertThat(user.get("meta").get("version"))
                .isEqualTo(before.user().get("meta").get("version"));
        assertThat(user.get("userName")).isEqualTo(before.user().get("userName"));
        assertThat(client.scim(connection, "POST", "/Users", DirsyncClient.user("DURABLE@example.com"))
                        .status())
                .as("the userName claim survived too")
                .isEqualTo(409);
        assertThat(client.http()
                        .send("POST", "/api/connections", adminToken, Map.of("name", "after restart"))
                        .status())
                .isEqualTo(201);
    }

    /** The port changes between runs; the connection's path does not. */
    private static String pathOf(String base) {
        return base.replaceFirst("^http://[^/]+", "");
    }

    private static ConfigurableApplicationContext start(List<String> properties) {
        // as command-line arguments: they outrank application.yml, as an operator's settings do
        List<String> args = new ArrayList<>();
        properties.forEach(p -> args.add("--" + p));
        args.add("--server.port=0");
        return new SpringApplicationBuilder(DirsyncApplication.class).run(args.toArray(String[]::new));
    }

    private static DirsyncClient client(ConfigurableApplicationContext context) {
        int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
        return new DirsyncClient("http://127.0.0.1:" + port);
    }
}
