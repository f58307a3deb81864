package io.dirsync.app.ui;

import io.dirsync.app.ui.session.AdminUiFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * {@code readOnly} on every admin page's model: true in an auditor's session. The layout then marks the body
 * {@code read-only} (the stylesheet hides every write control under it) and shows the auditor badge. Hiding is for
 * the eye only; {@link AdminUiFilter} refuses the writes.
 */
@ControllerAdvice(basePackages = "io.dirsync.app.ui")
public class ReadOnlyModel {

    @ModelAttribute("readOnly")
    public boolean readOnly(HttpServletRequest request) {
        return AdminUiFilter.readOnly(request);
    }
}
