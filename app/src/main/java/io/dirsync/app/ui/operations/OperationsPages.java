package io.dirsync.app.ui.operations;

import io.dirsync.api.webhook.UnknownWebhookException;
import io.dirsync.app.projection.ProjectionOperations;
import io.dirsync.command.webhook.WebhookDeliveries;
import io.dirsync.command.webhook.WebhookEndpoints;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

import java.time.Instant;

/** Operations pages: projections with replay and progress, webhook endpoints with their deliveries. */
@Controller
public class OperationsPages {
    private final ProjectionOperations projections;
    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;

    public OperationsPages(ProjectionOperations projections, WebhookEndpoints endpoints, WebhookDeliveries deliveries) {
        this.projections = projections;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
    }

    @GetMapping("/admin/projections")
    public String projections(Model model) {
        model.addAttribute("projections", projections.status());
        model.addAttribute("section", "projections");
        return "admin/projections";
    }

    @PostMapping("/admin/projections/{name}/replay")
    public String replay(@PathVariable String name) {
        projections.replay(name);
        return "redirect:/admin/projections?replayStarted=" + name;
    }

    @GetMapping("/admin/webhooks")
    public String webhooks(Model model) {
        model.addAttribute("endpoints", endpoints.all());
        model.addAttribute("section", "webhooks");
        return "admin/webhooks";
    }

    @GetMapping("/admin/webhooks/{webhookId}")
    public String deliveries(@PathVariable String webhookId, Model model) {
        WebhookEndpoints.Endpoint endpoint = endpoints.all().stream().filter(e -> e.id().equals(webhookId)).findFirst()
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
