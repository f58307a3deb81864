package io.dirsync.command.webhook;

import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One attempt: POST the stored body with the Standard Webhooks headers. Asynchronous, so that no endpoint, however
 * slow, holds the worker; redirects are not followed (a signed body goes only where the admin pointed it).
 */
@Component
public class WebhookSender {

    /** @param statusCode null when no answer came (refused, timed out, reset); error says why */
    public record Outcome(Integer statusCode, String error) {
        boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private final HttpClient client;
    private final WebhookProperties properties;

    public WebhookSender(WebhookProperties properties) {
        this.properties = properties;
        this.client = HttpClient.newBuilder()
                .connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** @param messageId the event id: the same on every attempt, so receivers can drop duplicates */
    public CompletableFuture<Outcome> send(String url, String secret, String messageId, byte[] body, Instant now) {
        long timestamp = now.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(properties.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "dirsync-webhooks/1")
                .header("webhook-id", messageId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignature.sign(secret, messageId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> failure == null
                        ? new Outcome(response.statusCode(), response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode())
                        : new Outcome(null, describe(failure)));
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
