package io.dirsync.app.security.auditor;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.List;

/**
 * The admin API routes an auditor token reaches: GETs that expose no secret, the API's own description included. Everything else, a route added later
 * included, stays admin-only until it is listed here. Left out on purpose: {@code GET /api/auditor-tokens}
 * (credentials are the admin's business) and the webhook GETs (a webhook URL is often a capability URL whose path
 * or query is the receiver's secret, and delivery errors may quote it). The metrics and the processors' health are
 * readable, so a Prometheus scraper can hold an auditor token rather than the admin token.
 */
public final class AuditorRoutes {
    private static final List<PathPattern> READABLE = List.of(
                    "/api/users/{userId}",
                    "/api/users/{userId}/history",
                    "/api/users/{userId}/public-metadata",
                    "/api/events",
                    "/api/events/export",
                    "/api/audit/verify",
                    "/api/projections",
                    "/api/cluster",
                    "/api/security/events",
                    "/api/sessions/{sessionId}",
                    "/api/connections/{connectionId}/provisioning-failures",
                    "/api/connections/{connectionId}/groups",
                    "/api/connections/{connectionId}/directory-users",
                    "/api/connections/{connectionId}/attribute-mappings",
                    "/api/connections/{connectionId}/role-mappings",
                    "/api/organizations/{organizationId}/members",
                    // the OpenAPI document (springdoc.* in application.yml), in JSON and YAML, and Swagger UI's
                    // configuration
                    "/api/openapi.json",
                    "/api/openapi.json.yaml",
                    "/api/openapi.json/{*rest}",
                    // a scraper and the processors health group
                    "/actuator/prometheus",
                    "/actuator/health/processors",
                    // access reviews
                    "/api/connections/{connectionId}/snapshot",
                    "/api/connections/{connectionId}/access-changes",
                    "/api/connections/{connectionId}/role-counts")
            .stream()
            .map(PathPatternParser.defaultInstance::parse)
            .toList();

    private AuditorRoutes() {}

    public static boolean readable(String method, String path) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return false;
        }
        PathContainer container = PathContainer.parsePath(path);
        return READABLE.stream().anyMatch(pattern -> pattern.matches(container));
    }
}
