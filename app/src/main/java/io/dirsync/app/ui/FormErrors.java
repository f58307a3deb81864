package io.dirsync.app.ui;

import io.dirsync.app.web.ErrorTranslator;
import io.dirsync.scim.ScimException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.ui.Model;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * A form's write, with the refusal shown on the form itself: a client error (bad input, a conflict) becomes
 * {@code formError} on the model and the form's page is rendered again with that status. The message is the
 * one {@link ErrorTranslator} gives the admin API; server errors are not swallowed but reach {@link AdminUiErrors}.
 */
public final class FormErrors {

    private FormErrors() {}

    /** Runs {@code write}; on a client error puts the message on the model, sets the status and renders {@code form}. */
    public static String submit(
            Model model, HttpServletResponse response, Supplier<String> write, Supplier<String> form) {
        try {
            return write.get();
        } catch (RuntimeException failure) {
            ScimException error = ErrorTranslator.describe(failure);
            if (error.status() >= 500) {
                throw failure;
            }
            response.setStatus(error.status());
            model.addAttribute("formError", error.getMessage());
            return form.get();
        }
    }

    /** "admin, member ,, viewer" as [admin, member, viewer]: a list typed into one text field. */
    public static List<String> commaList(String value) {
        return value == null
                ? List.of()
                : Arrays.stream(value.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }
}
