package io.dirsync.app.ui.session;

import io.dirsync.app.security.AdminCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Duration;

/** The admin web UI's login (the admin token, once) and logout. */
@Controller
public class LoginController {
    private final AdminCredential credential;
    private final AdminSessions sessions;

    public LoginController(AdminCredential credential, AdminSessions sessions) {
        this.credential = credential;
        this.sessions = sessions;
    }

    @GetMapping("/admin")
    public String home() {
        return "redirect:/admin/connections";
    }

    @GetMapping("/admin/login")
    public String loginPage() {
        return "admin/login";
    }

    @PostMapping("/admin/login")
    public String login(@RequestParam(defaultValue = "") String token, HttpServletRequest request, HttpServletResponse response,
                        Model model) {
        if (!credential.matches(token.trim())) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            model.addAttribute("failed", true);
            return "admin/login";
        }
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, sessions.issue(), AdminSessions.LIFETIME).toString());
        return "redirect:/admin/connections";
    }

    @PostMapping("/admin/logout")
    public String logout(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, "", Duration.ZERO).toString());
        return "redirect:/admin/login";
    }

    /** HttpOnly (no script reads it), SameSite=Strict (no cross-site request carries it), only under /admin. */
    private static ResponseCookie cookie(HttpServletRequest request, String value, Duration maxAge) {
        return ResponseCookie.from(AdminSessions.COOKIE, value)
                .httpOnly(true)
                .secure(request.isSecure())
                .sameSite("Strict")
                .path(request.getContextPath() + "/admin")
                .maxAge(maxAge)
                .build();
    }
}
