package io.dirsync.app.web;

import io.dirsync.scim.ScimError;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimSchemas;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the servlet container forwards to when a failure escapes the controllers and {@link ErrorTranslator}
 * (a filter that threw, a request the container itself refused): the same SCIM error body instead of Spring
 * Boot's default page, with no exception text or stack trace. A database outage is a 503 here too.
 */
@RestController
public class ErrorPageController implements ErrorController {

    @RequestMapping("/error")
    public ResponseEntity<ScimError> error(HttpServletRequest request) {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code && code >= 400
                ? code
                : 500;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        boolean scim = uri instanceof String path && path.startsWith(request.getContextPath() + "/scim/");
        String detail = status >= 500 ? "Internal error" : "The request was refused (" + status + ")";
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                && DatabaseUnavailable.isCauseOf(failure)) {
            ScimException unavailable = ErrorTranslator.describe(failure);
            answer = ResponseEntity.status(unavailable.status())
                    .header(HttpHeaders.RETRY_AFTER, ErrorTranslator.retryAfter(unavailable));
            status = unavailable.status();
            detail = unavailable.getMessage();
        }
        return answer.contentType(scim ? MediaType.parseMediaType(ScimSchemas.MEDIA_TYPE) : MediaType.APPLICATION_JSON)
                .body(ScimError.of(status, null, detail));
    }
}
