package io.dirsync.command.webhook;

import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * One attempt: POST the stored body with the Standard Webhooks headers. Asynchronous, so that no endpoint, however
 * slow, holds the worker; redirects are not followed (a signed body goes only where the admin pointed it), and a
 * target {@link WebhookTargets} refuses after resolving its host is not called at all.
 */
@Component
public class WebhookSender {

    /**
     * @param statusCode null when no answer came (refused, timed out, reset); error says why
     * @param refused    the target was not called: retrying would not change the answer
     */
    public record Outcome(Integer statusCode, String error, boolean refused) {
        public Outcome(Integer statusCode, String error) {
            this(statusCode, error, false);
        }

        boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private final HttpClient client;
    private final WebhookProperties properties;
    private final WebhookTargets targets;
    /** Resolving a host blocks; it happens here, never on the worker's round. */
    private final Executor resolver = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "webhook-target-check");
        thread.setDaemon(true);
        return thread;
    });

    public WebhookSender(WebhookProperties properties, WebhookTargets targets) {
        this.properties = properties;
        this.targets = targets;
        this.client = HttpClient.newBuilder()
                .connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** @param messageId the event id: the same on every attempt, so receivers can drop duplicates */
    public CompletableFuture<Outcome> send(String url, String secret, String messageId, byte[] body, Instant now) {
        URI uri = URI.create(url);
        return CompletableFuture.supplyAsync(() -> targets.deliveryRefusal(uri), resolver)
                .thenCompose(refusal -> refusal.isPresent()
                        ? CompletableFuture.completedFuture(new Outcome(null, refusal.get(), true))
                        : post(uri, secret, messageId, body, now));
    }

    private CompletableFuture<Outcome> post(URI url, String secret, String messageId, byte[] body, Instant now) {
        long timestamp = now.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url)
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
                        ? new Outcome(
                                response.statusCode(),
                                response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode())
                        : new Outcome(null, describe(failure)));
    }

    private static String describe(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
