package io.dirsync.app.apidocs;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The admin API's OpenAPI 3 document ({@code /api/openapi.json}, Swagger UI at {@code /api/docs}): springdoc reads
 * the {@code /api} controllers; SCIM stays out, as it describes itself ({@code /Schemas}, {@code /ResourceTypes}).
 * Every operation needs the bearer scheme; {@link ApiDocsCustomizer} adds tags, error answers and examples.
 */
@Configuration
public class ApiDocsConfiguration {
    public static final String BEARER_SCHEME = "adminToken";

    @Bean
    public OpenAPI adminApiDocument() {
        return new OpenAPI()
                .info(new Info()
                        .title("dirsync admin API")
                        .version("v1")
                        .description(
                                "Administration of dirsync, the event-sourced SCIM 2.0 directory-sync service: organizations,"
                                        + " connections and their SCIM bearer tokens, role and attribute mappings, directory users, audit,"
                                        + " webhooks, projections and security. Every call needs `Authorization: Bearer <admin token>`;"
                                        + " an auditor token reads the GET routes that show no secret and gets 403 elsewhere."
                                        + " Errors have the SCIM error body. SCIM itself is not described here: each connection's"
                                        + " `/scim/v2/{connectionId}` serves `/ServiceProviderConfig`, `/ResourceTypes` and `/Schemas`.")
                        .license(new License().name("Apache-2.0")))
                .components(
                        new Components()
                                .addSecuritySchemes(
                                        BEARER_SCHEME,
                                        new SecurityScheme()
                                                .type(SecurityScheme.Type.HTTP)
                                                .scheme("bearer")
                                                .description(
                                                        "The admin token (`DIRSYNC_ADMIN_TOKEN`, or `data/admin-token`), or an auditor token for the read routes")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER_SCHEME));
    }
}
