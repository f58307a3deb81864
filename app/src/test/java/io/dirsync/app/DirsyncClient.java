package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin and SCIM calls the integration tests make, spelled once. */
public final class DirsyncClient {
    public static final String ADMIN_TOKEN = "test-admin-token-5f7e1c-0b9d4a27c63e18f5";
    private final HttpClientSupport http;

    public DirsyncClient(String origin) {
        this.http = new HttpClientSupport(origin);
    }

    public HttpClientSupport http() {
        return http;
    }

    /** A connection as the admin API returns it: id, scimBaseUrl, bearerToken. */
    public record Connection(String id, String base, String token) {
        public Connection withToken(String other) {
            return new Connection(id, base, other);
        }
    }

    public Connection createConnection(String name) {
        HttpClientSupport.Response created = http.send("POST", "/api/connections", ADMIN_TOKEN, Map.of("name", name));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode body = created.json();
        return new Connection(
                body.get("id").asText(),
                body.get("scimBaseUrl").asText(),
                body.get("bearerToken").asText());
    }

    public HttpClientSupport.Response scim(
            Connection connection, String method, String path, Object body, String... headers) {
        return http.send(method, connection.base() + path, connection.token(), body, headers);
    }

    public JsonNode createUser(Connection connection, String userName) {
        HttpClientSupport.Response response = scim(connection, "POST", "/Users", user(userName));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    /** A user as Okta pushes it, placeholder password included. */
    public static Map<String, Object> user(String userName) {
        return Map.of(
                "schemas",
                List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                "userName",
                userName,
                "externalId",
                "ext-" + userName,
                "name",
                Map.of("givenName", "Ada", "familyName", "Lovelace"),
                "emails",
                List.of(Map.of("primary", true, "value", userName, "type", "work")),
                "displayName",
                "Ada Lovelace",
                "password",
                "placeholder-Okta-1!",
                "active",
                true);
    }

    /** A Group body: {@code attributes} with the core Group schema, which every POST and PUT must name. */
    public static Map<String, Object> group(Map<String, ?> attributes) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"));
        body.putAll(attributes);
        return body;
    }
}
