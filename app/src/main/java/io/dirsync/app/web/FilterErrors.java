package io.dirsync.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.app.audit.ProvisioningFailureLog;
import io.dirsync.scim.ScimError;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimSchemas;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import java.io.IOException;

/**
 * Writes a SCIM error from a servlet filter, which runs before (or instead of) the controllers and so before
 * {@link ErrorTranslator}: the same body, the SCIM media type under {@code /scim/}, and the error left for the
 * provisioning-failure log.
 */
@Component
public class FilterErrors {
    private final ObjectMapper objectMapper;

    public FilterErrors(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ScimException failure)
            throws IOException {
        ScimError error = failure.toError();
        request.setAttribute(ProvisioningFailureLog.ERROR_ATTRIBUTE, error);
        response.setStatus(failure.status());
        String retryAfter = ErrorTranslator.retryAfter(failure);
        if (retryAfter != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        boolean scim = request.getRequestURI().startsWith(request.getContextPath() + "/scim/");
        response.setContentType(scim ? ScimSchemas.MEDIA_TYPE : MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        objectMapper.writeValue(response.getOutputStream(), error);
    }
}
