package io.dirsync.app.ui.webhook;

import io.dirsync.api.webhook.UnknownWebhookException;
import io.dirsync.api.webhook.WebhookEventTypes;
import io.dirsync.app.ui.FormErrors;
import io.dirsync.command.webhook.WebhookDeliveries;
import io.dirsync.command.webhook.WebhookEndpoints;
import io.dirsync.command.webhook.WebhookRegistration;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Instant;
import java.util.List;

/** Webhook endpoints: the list, registration (the secret shown once), each endpoint's deliveries and redelivery. */
@Controller
public class WebhookPages {
    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final WebhookRegistration registration;

    public WebhookPages(WebhookEndpoints endpoints, WebhookDeliveries deliveries, WebhookRegistration registration) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.registration = registration;
    }

    @GetMapping("/admin/webhooks")
    public String webhooks(Model model) {
        model.addAttribute("endpoints", endpoints.all());
        model.addAttribute("eventTypes", WebhookEventTypes.ALL);
        model.addAttribute("section", "webhooks");
        return "admin/webhooks";
    }

    /** Answers with the page itself, not a redirect: the secret is shown this once and must not sit in a URL. */
    @PostMapping("/admin/webhooks")
    public String register(
            @RequestParam(defaultValue = "") String url,
            @RequestParam(required = false) List<String> events,
            Model model,
            HttpServletResponse response) {
        model.addAttribute("url", url);
        model.addAttribute("events", events == null ? List.of() : events);
        return FormErrors.submit(
                model,
                response,
                () -> {
                    WebhookRegistration.Registered registered = registration.register(url, events);
                    model.addAttribute("webhookId", registered.id());
                    model.addAttribute("secret", registered.secret());
                    model.addAttribute("section", "webhooks");
                    return "admin/webhook-secret";
                },
                () -> webhooks(model));
    }

    @GetMapping("/admin/webhooks/{webhookId}")
    public String deliveries(@PathVariable String webhookId, Model model) {
        WebhookEndpoints.Endpoint endpoint = endpoints.all().stream()
                .filter(e -> e.id().equals(webhookId))
                .findFirst()
                .orElseThrow(() -> new UnknownWebhookException(webhookId));
        model.addAttribute("endpoint", endpoint);
        model.addAttribute("deliveries", deliveries.log(webhookId, 200));
        model.addAttribute("section", "webhooks");
        return "admin/webhook-deliveries";
    }

    @PostMapping("/admin/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver")
    public String redeliver(@PathVariable String webhookId, @PathVariable long deliveryId) {
        if (!deliveries.redeliver(webhookId, deliveryId, Instant.now())) {
            throw new UnknownWebhookException(webhookId, deliveryId);
        }
        return "redirect:/admin/webhooks/" + webhookId + "?redelivered=" + deliveryId;
    }
}
