package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.HttpClientSupport.Response;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The webhook admin calls the integration tests make, and reading their answers. */
final class WebhookAdmin {
    private final HttpClientSupport http;

    WebhookAdmin(HttpClientSupport http) {
        this.http = http;
    }

    Response send(String method, String path, Object body) {
        return http.send(method, path, DirsyncClient.ADMIN_TOKEN, body);
    }

    /** Registers the receiver and hands it the secret, as a consumer would configure it. */
    String register(WebhookReceiver receiver, List<String> events) {
        Response created = registration(receiver.url(), events);
        receiver.verifyWith(created.json().get("secret").asText());
        return created.json().get("id").asText();
    }

    String register(String url, List<String> events) {
        return registration(url, events).json().get("id").asText();
    }

    JsonNode deliveries(String webhookId) {
        Response log = send("GET", "/api/webhooks/" + webhookId + "/deliveries", null);
        assertThat(log.status()).as(log.toString()).isEqualTo(200);
        return log.json();
    }

    /** The latest delivery of that type in the endpoint's log, or null. */
    JsonNode delivery(String webhookId, String type) {
        for (JsonNode delivery : deliveries(webhookId)) {
            if (delivery.get("type").asText().equals(type)) {
                return delivery;
            }
        }
        return null;
    }

    /** At least once means a receiver may see an event twice; what counts is the order of first arrival. */
    static List<WebhookReceiver.Request> distinctById(List<WebhookReceiver.Request> requests) {
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        return requests.stream().filter(r -> seen.add(r.webhookId())).toList();
    }

    static JsonNode find(JsonNode list, String id) {
        for (JsonNode item : list) {
            if (item.get("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError(id + " not in " + list);
    }

    static boolean allMatch(JsonNode list, Predicate<JsonNode> condition) {
        for (JsonNode item : list) {
            if (!condition.test(item)) {
                return false;
            }
        }
        return true;
    }

    private Response registration(String url, List<String> events) {
        Response created = send("POST", "/api/webhooks", Map.of("url", url, "events", events));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created;
    }
}
