package io.dirsync.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.app.HttpClientSupport.Response;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Admin API calls, and bounded waits for what follows the events asynchronously (roles, publicMetadata), for
 * {@link AdminMappingContractTests}.
 */
final class AdminApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DirsyncClient client;

    AdminApi(DirsyncClient client) {
        this.client = client;
    }

    Response call(String method, String path, Object body) {
        return client.http().send(method, path, DirsyncClient.ADMIN_TOKEN, body, "Content-Type", "application/json");
    }

    void awaitRole(String organizationId, String userId, String role) throws InterruptedException {
        await("user " + userId + " to hold role " + role, () -> {
            for (JsonNode member : call("GET", "/api/organizations/" + organizationId + "/members", null)
                    .json()) {
                if (member.get("userId").asText().equals(userId)) {
                    return Objects.equals(text(member, "role"), role) ? null : member.toString();
                }
            }
            return "not a member yet";
        });
    }

    void awaitMetadata(String userId, Map<String, Object> expected) throws InterruptedException {
        JsonNode wanted = json(expected);
        await("publicMetadata of " + userId + " to be " + wanted, () -> {
            Response response = call("GET", "/api/users/" + userId + "/public-metadata", null);
            return response.status() == 200 && wanted.equals(response.json()) ? null : response.toString();
        });
    }

    /** Polls until the check answers null (met); otherwise it answers what it saw, for the failure message. */
    static void await(String what, Supplier<String> check) throws InterruptedException {
        await(what, 20, check);
    }

    static void await(String what, int seconds, Supplier<String> check) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = null;
        while (System.nanoTime() < deadline) {
            last = check.get();
            if (last == null) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static JsonNode json(Object value) {
        try {
            return JSON.readTree(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
