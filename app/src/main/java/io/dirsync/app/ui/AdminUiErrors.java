package io.dirsync.app.ui;

import io.dirsync.app.ui.session.AdminUiFilter;
import io.dirsync.app.web.ErrorTranslator;
import io.dirsync.scim.ScimException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Failures in the admin web UI as a page rather than JSON. The status and message are still decided by the
 * one {@link ErrorTranslator}; only the rendering differs.
 */
@ControllerAdvice(basePackages = "io.dirsync.app.ui")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class AdminUiErrors {
    private static final Logger log = LoggerFactory.getLogger(AdminUiErrors.class);

    @ExceptionHandler(Exception.class)
    public String handle(Exception exception, HttpServletRequest request, HttpServletResponse response, Model model) {
        ScimException error = ErrorTranslator.describe(exception);
        if (error.status() >= 500) {
            log.error("{} {} failed", request.getMethod(), request.getRequestURI(), exception);
        } else {
            log.info(
                    "{} {} answered {}: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    error.status(),
                    error.getMessage());
        }
        response.setStatus(error.status());
        model.addAttribute("status", error.status());
        model.addAttribute("readOnly", AdminUiFilter.readOnly(request));
        model.addAttribute(
                "message",
                error.status() >= 500
                        ? "Something went wrong on the server; the log has the details."
                        : error.getMessage());
        return request.getHeader("HX-Request") != null ? "admin/error :: message" : "admin/error";
    }
}
