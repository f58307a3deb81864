package io.dirsync.api.webhook;

/** No such webhook endpoint, or no such delivery of it. */
public class UnknownWebhookException extends RuntimeException {

    public UnknownWebhookException(String webhookId) {
        super("Webhook " + webhookId + " not found");
    }

    public UnknownWebhookException(String webhookId, long deliveryId) {
        super("Delivery " + deliveryId + " of webhook " + webhookId + " not found");
    }
}
