package io.dirsync.app.apidocs;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.List;

/**
 * Where the admin API describes itself to a bearer token (paths set in {@code application.yml}, {@code springdoc.*}): the
 * OpenAPI document in JSON and YAML and springdoc's Swagger UI configuration. Read with GET only; an auditor may.
 */
public final class ApiDocsRoutes {
    static final List<PathPattern> PATTERNS = List.of("/api/openapi.json", "/api/openapi.json.yaml", "/api/openapi.json/{*rest}")
            .stream().map(PathPatternParser.defaultInstance::parse).toList();

    private ApiDocsRoutes() {
    }

    public static boolean matches(String method, String path) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return false;
        }
        PathContainer container = PathContainer.parsePath(path);
        return PATTERNS.stream().anyMatch(pattern -> pattern.matches(container));
    }
}
