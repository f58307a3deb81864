package io.dirsync.app.apidocs;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.servlet.http.HttpServletRequest;
import org.springdoc.webmvc.api.OpenApiWebMvcResource;
import org.springdoc.webmvc.ui.SwaggerConfigResource;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import java.util.Locale;
import java.util.Map;

/**
 * Swagger UI runs in the admin web UI ({@code /admin/api-docs}), signed in with its session cookie, which a browser
 * sends only under {@code /admin}: these two URLs hand it the document and springdoc's configuration that
 * {@code /api/openapi.json} serves to bearer tokens, from the same springdoc beans.
 */
@Controller
public class ApiDocsPages {
    static final String DOCUMENT = "/admin/api-docs/openapi.json";
    private final OpenApiWebMvcResource documents;
    private final SwaggerConfigResource swaggerConfig;

    public ApiDocsPages(OpenApiWebMvcResource documents, SwaggerConfigResource swaggerConfig) {
        this.documents = documents;
        this.swaggerConfig = swaggerConfig;
    }

    @GetMapping(value = DOCUMENT, produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    public byte[] document(HttpServletRequest request, Locale locale) throws JsonProcessingException {
        return documents.openapiJson(request, DOCUMENT, locale);
    }

    @GetMapping(value = "/admin/api-docs/swagger-config", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    public Map<String, Object> swaggerConfig(HttpServletRequest request) {
        return swaggerConfig.openapiJson(request);
    }
}
