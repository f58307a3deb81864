package io.dirsync.app.web;

import io.dirsync.api.attributemapping.MappedAttributeLockedException;
import io.dirsync.api.connection.UnknownConnectionException;
import io.dirsync.api.connection.UnknownConnectionTokenException;
import io.dirsync.api.group.UnknownGroupException;
import io.dirsync.api.organization.UnknownOrganizationException;
import io.dirsync.api.organization.UnknownRoleException;
import io.dirsync.api.rolemapping.MappedRoleLockedException;
import io.dirsync.api.scim.InvalidAttributeException;
import io.dirsync.api.scim.InvalidParameterException;
import io.dirsync.api.scim.VersionMismatchException;
import io.dirsync.api.session.UnknownSessionException;
import io.dirsync.api.session.UserNotActiveException;
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

import java.util.List;
import java.util.function.BiFunction;

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
            log.info(
                    "{} {} answered {} {}: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    error.status(),
                    error.scimType() == null ? "" : error.scimType(),
                    error.getMessage());
        }
        boolean scim = request.getRequestURI().startsWith(request.getContextPath() + "/scim/");
        request.setAttribute(ProvisioningFailureLog.ERROR_ATTRIBUTE, error.toError());
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(error.status());
        String retryAfter = retryAfter(error);
        if (retryAfter != null) {
            answer.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return answer.contentType(scim ? SCIM_JSON : MediaType.APPLICATION_JSON).body(error.toError());
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
        // before the table: an Axon or Spring wrapper around a lost connection is still the database
        if (DatabaseUnavailable.isCauseOf(failure)) {
            return new ScimException(
                    503,
                    null,
                    "The database is unavailable; retry in " + DatabaseUnavailable.RETRY_AFTER_SECONDS + " seconds");
        }
        for (Answer<?> answer : ANSWERS) {
            if (answer.type().isInstance(failure)) {
                return answer.to(failure, requestUri);
            }
        }
        // every other Spring MVC rejection of a request (a missing path variable, a failed conversion...) says its
        // status
        if (failure instanceof ErrorResponse rejected
                && rejected.getStatusCode().is4xxClientError()) {
            return new ScimException(
                    rejected.getStatusCode().value(),
                    rejected.getStatusCode().value() == 400 ? ScimType.invalidValue : null,
                    rejected.getBody().getDetail());
        }
        return new ScimException(500, null, "Internal error");
    }

    /**
     * The answer to each kind of failure: the first row whose type the failure is an instance of decides. Domain
     * exceptions answer with their own message; framework rejections with a sentence a client can act on.
     */
    private static final List<Answer<?>> ANSWERS = List.of(
            withMessage(InvalidAttributeException.class, 400, ScimType.invalidValue),
            withMessage(InvalidParameterException.class, 400, ScimType.invalidValue),
            withMessage(UserNameTakenException.class, 409, ScimType.uniqueness),
            withMessage(UnknownUserException.class, 404, null),
            withMessage(UnknownGroupException.class, 404, null),
            withMessage(UnknownConnectionException.class, 404, null),
            withMessage(UnknownConnectionTokenException.class, 404, null),
            withMessage(UnknownOrganizationException.class, 404, null),
            withMessage(UnknownRoleException.class, 404, null),
            withMessage(UnknownWebhookException.class, 404, null),
            withMessage(UnknownSessionException.class, 404, null),
            withMessage(UserNotActiveException.class, 409, null),
            withMessage(MappedRoleLockedException.class, 409, null),
            withMessage(MappedAttributeLockedException.class, 409, null),
            withMessage(VersionMismatchException.class, 412, null),
            new Answer<>(
                    AggregateNotFoundException.class,
                    (notFound, uri) -> new ScimException(
                            404, null, notFound(uri, String.valueOf(notFound.getAggregateIdentifier())))),
            withDetail(
                    ConcurrencyException.class, 409, null, "The resource was changed concurrently; retry the request"),
            withDetail(
                    AggregateStreamCreationException.class,
                    409,
                    null,
                    "The resource was changed concurrently; retry the request"),
            withDetail(
                    HttpMessageNotReadableException.class,
                    400,
                    ScimType.invalidSyntax,
                    "The request body is not valid JSON"),
            new Answer<>(
                    HttpMediaTypeNotSupportedException.class,
                    (unsupported, uri) -> new ScimException(
                            415,
                            null,
                            "Content-Type " + unsupported.getContentType()
                                    + " is not supported; send application/scim+json or application/json")),
            withDetail(HttpMediaTypeNotAcceptableException.class, 406, null, "dirsync answers application/scim+json"),
            new Answer<>(
                    HttpRequestMethodNotSupportedException.class,
                    (method, uri) ->
                            new ScimException(405, null, "Method " + method.getMethod() + " is not supported here")),
            withDetail(NoResourceFoundException.class, 404, null, "No such endpoint"),
            withMessage(MissingServletRequestParameterException.class, 400, ScimType.invalidValue),
            withMessage(MissingRequestHeaderException.class, 400, ScimType.invalidValue),
            withMessage(MethodArgumentTypeMismatchException.class, 400, ScimType.invalidValue));

    /** One row of {@link #ANSWERS}: a failure type and how to answer it. */
    private record Answer<T extends Throwable>(Class<T> type, BiFunction<T, String, ScimException> answer) {
        ScimException to(Throwable failure, String requestUri) {
            return answer.apply(type.cast(failure), requestUri);
        }
    }

    /** Answers with the failure's own message; {@code scimType} may be null. */
    private static <T extends Throwable> Answer<T> withMessage(Class<T> type, int status, ScimType scimType) {
        return new Answer<>(type, (failure, uri) -> new ScimException(status, scimType, failure.getMessage()));
    }

    /** Answers with a fixed detail; {@code scimType} may be null. */
    private static <T extends Throwable> Answer<T> withDetail(
            Class<T> type, int status, ScimType scimType, String detail) {
        return new Answer<>(type, (failure, uri) -> new ScimException(status, scimType, detail));
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
