package io.dirsync.app.web;

import io.dirsync.api.connection.UnknownConnectionException;
import io.dirsync.api.connection.UnknownConnectionTokenException;
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
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
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
        ScimException error = translate(unwrap(exception), request.getRequestURI());
        if (error.status() == 503) {
            // expected while the database is away; one line each, not a stack trace per request
            log.warn("{} {} answered 503: {}", request.getMethod(), request.getRequestURI(), rootMessage(exception));
        } else if (error.status() >= 500) {
            log.error("{} {} failed", request.getMethod(), request.getRequestURI(), exception);
        } else {
            log.info("{} {} answered {} {}: {}", request.getMethod(), request.getRequestURI(), error.status(),
                    error.scimType() == null ? "" : error.scimType(), error.getMessage());
        }
        boolean scim = request.getRequestURI().startsWith(request.getContextPath() + "/scim/");
        request.setAttribute(ProvisioningFailureLog.ERROR_ATTRIBUTE, error.toError());
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(error.status());
        String retryAfter = retryAfter(error);
        if (retryAfter != null) {
            answer.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return answer.contentType(scim ? SCIM_JSON : MediaType.APPLICATION_JSON)
                .body(error.toError());
    }

    /** The status and message a failure answers with, for callers that render it otherwise (the admin web UI). */
    public static ScimException describe(Throwable failure) {
        return translate(unwrap(failure), "");
    }

    /** The {@code Retry-After} value (seconds) an answer carries, or null: a 503 means "retry soon". */
    public static String retryAfter(ScimException error) {
        return error.status() == 503 ? Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS) : null;
    }

    static ScimException translate(Throwable failure, String requestUri) {
        if (failure instanceof ScimException scim) {
            return scim;
        }
        // before the domain table: an Axon or Spring wrapper around a lost connection is still the database
        if (DatabaseUnavailable.isCauseOf(failure)) {
            return new ScimException(503, null, "The database is unavailable; retry in "
                    + DatabaseUnavailable.RETRY_AFTER_SECONDS + " seconds");
        }
        if (failure instanceof InvalidAttributeException invalid) {
            return ScimException.badRequest(ScimType.invalidValue, invalid.getMessage());
        }
        if (failure instanceof UserNameTakenException taken) {
            return new ScimException(409, ScimType.uniqueness, taken.getMessage());
        }
        if (failure instanceof UnknownUserException || failure instanceof UnknownGroupException
                || failure instanceof UnknownConnectionException || failure instanceof UnknownConnectionTokenException) {
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
        if (failure instanceof AggregateNotFoundException notFound) {
            return new ScimException(404, null, notFound(requestUri, String.valueOf(notFound.getAggregateIdentifier())));
        }
        if (failure instanceof VersionMismatchException mismatch) {
            return new ScimException(412, null, mismatch.getMessage());
        }
        if (failure instanceof ConcurrencyException || failure instanceof AggregateStreamCreationException) {
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
        // every other Spring MVC rejection of a request (a missing path variable, a failed conversion...) says its status
        if (failure instanceof ErrorResponse rejected && rejected.getStatusCode().is4xxClientError()) {
            return new ScimException(rejected.getStatusCode().value(),
                    rejected.getStatusCode().value() == 400 ? ScimType.invalidValue : null, rejected.getBody().getDetail());
        }
        return new ScimException(500, null, "Internal error");
    }

    /**
     * Worded as the aggregates word an id of another connection ({@link UnknownUserException}), so the answer does
     * not tell a caller whether an id exists under some other connection.
     */
    private static String notFound(String requestUri, String id) {
        if (requestUri.contains("/Users/")) {
            return new UnknownUserException(id).getMessage();
        }
        if (requestUri.contains("/Groups/")) {
            return new UnknownGroupException(id).getMessage();
        }
        return "Resource " + id + " not found";
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
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
