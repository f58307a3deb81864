package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Real HTTP against the running service, as an IdP or an admin would call it. */
public final class HttpClientSupport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String origin;

    public HttpClientSupport(String origin) {
        this.origin = origin;
    }

    public record Response(int status, Map<String, java.util.List<String>> headers, String rawBody) {
        public JsonNode json() {
            try {
                return rawBody == null || rawBody.isEmpty() ? null : JSON.readTree(rawBody);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + rawBody, e);
            }
        }

        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        @Override
        public String toString() {
            return status + " " + rawBody;
        }
    }

    public String origin() {
        return origin;
    }

    public Response send(String method, String path, String token, Object body, String... headerPairs) {
        try {
            String payload = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(path.startsWith("http") ? path : origin + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(
                            method,
                            payload == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(payload));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (payload != null) {
                request.header("Content-Type", "application/scim+json");
            }
            for (int i = 0; i < headerPairs.length; i += 2) {
                request.setHeader(headerPairs[i], headerPairs[i + 1]);
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
