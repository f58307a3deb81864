package io.dirsync.app.web;

import io.dirsync.api.connection.UnknownConnectionException;
import io.dirsync.api.group.UnknownGroupException;
import io.dirsync.api.organization.UnknownOrganizationException;
import io.dirsync.api.organization.UnknownRoleException;
import io.dirsync.api.attributemapping.MappedAttributeLockedException;
import io.dirsync.api.rolemapping.MappedRoleLockedException;
import io.dirsync.api.session.UserNotActiveException;
import io.dirsync.api.scim.InvalidAttributeException;
import io.dirsync.api.scim.VersionMismatchException;
import io.dirsync.api.user.UnknownUserException;
import io.dirsync.api.user.UserNameTakenException;
import io.dirsync.api.webhook.UnknownWebhookException;
import io.dirsync.app.audit.ProvisioningFailureLog;
import io.dirsync.scim.ScimError;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimSchemas;
import io.dirsync.scim.ScimType;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place where failures become HTTP answers. Domain code throws domain exceptions that say what
 * went wrong; this decides the status, the RFC 7644 scimType and the error body. A client's mistake never
 * becomes a 500.
 */
@RestControllerAdvice
public class ErrorTranslator {
    private static final Logger log = LoggerFactory.getLogger(ErrorTranslator.class);
    private static final MediaType SCIM_JSON = MediaType.parseMediaType(ScimSchemas.MEDIA_TYPE);

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ScimError> handle(Exception exception, HttpServletRequest request) {
        ScimException error = translate(unwrap(exception));
        if (error.status() >= 500) {
            log.error("{} {} failed", request.getMethod(), request.getRequestURI(), exception);
        } else {
            log.info("{} {} answered {} {}: {}", request.getMethod(), request.getRequestURI(), error.status(),
                    error.scimType() == null ? "" : error.scimType(), error.getMessage());
        }
        boolean scim = request.getRequestURI().startsWith(request.getContextPath() + "/scim/");
        request.setAttribute(ProvisioningFailureLog.ERROR_ATTRIBUTE, error.toError());
        return ResponseEntity.status(error.status())
                .contentType(scim ? SCIM_JSON : MediaType.APPLICATION_JSON)
                .body(error.toError());
    }

    static ScimException translate(Throwable failure) {
        if (failure instanceof ScimException scim) {
            return scim;
        }
        if (failure instanceof InvalidAttributeException invalid) {
            return ScimException.badRequest(ScimType.invalidValue, invalid.getMessage());
        }
        if (failure instanceof UserNameTakenException taken) {
            return new ScimException(409, ScimType.uniqueness, taken.getMessage());
        }
        if (failure instanceof UnknownUserException || failure instanceof UnknownGroupException
                || failure instanceof UnknownConnectionException) {
            return new ScimException(404, null, failure.getMessage());
        }
        if (failure instanceof UnknownOrganizationException || failure instanceof UnknownRoleException
                || failure instanceof UnknownWebhookException) {
            return new ScimException(404, null, failure.getMessage());
        }
        if (failure instanceof UserNotActiveException inactive) {
            return new ScimException(409, null, inactive.getMessage());
        }
        if (failure instanceof MappedRoleLockedException || failure instanceof MappedAttributeLockedException) {
            return new ScimException(409, null, failure.getMessage());
        }
        if (failure instanceof AggregateNotFoundException) {
            return new ScimException(404, null, "Resource not found");
        }
        if (failure instanceof VersionMismatchException mismatch) {
            return new ScimException(412, null, mismatch.getMessage());
        }
        if (failure instanceof ConcurrencyException) {
            return new ScimException(409, null, "The resource was changed concurrently; retry the request");
        }
        if (failure instanceof HttpMessageNotReadableException) {
            return ScimException.badRequest(ScimType.invalidSyntax, "The request body is not valid JSON");
        }
        if (failure instanceof HttpMediaTypeNotSupportedException unsupported) {
            return new ScimException(415, null, "Content-Type " + unsupported.getContentType()
                    + " is not supported; send application/scim+json or application/json");
        }
        if (failure instanceof HttpMediaTypeNotAcceptableException) {
            return new ScimException(406, null, "dirsync answers application/scim+json");
        }
        if (failure instanceof HttpRequestMethodNotSupportedException method) {
            return new ScimException(405, null, "Method " + method.getMethod() + " is not supported here");
        }
        if (failure instanceof NoResourceFoundException) {
            return new ScimException(404, null, "No such endpoint");
        }
        if (failure instanceof MissingServletRequestParameterException || failure instanceof MissingRequestHeaderException
                || failure instanceof MethodArgumentTypeMismatchException) {
            return ScimException.badRequest(ScimType.invalidValue, failure.getMessage());
        }
        return new ScimException(500, null, "Internal error");
    }

    /** Axon wraps what a handler threw when it crosses a bus; the web answer is about the original. */
    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current instanceof CommandExecutionException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
