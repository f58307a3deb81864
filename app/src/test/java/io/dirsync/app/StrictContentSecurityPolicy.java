package io.dirsync.app;

import jakarta.servlet.Filter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The Content-Security-Policy the service's security headers set, applied to every answer in a browser test,
 * so that an inline script or style on an admin page shows up as a console error there.
 */
@TestConfiguration
class StrictContentSecurityPolicy {
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";

    @Bean
    FilterRegistrationBean<Filter> contentSecurityPolicy() {
        Filter filter = (request, response, chain) -> {
            ((HttpServletResponse) response).setHeader("Content-Security-Policy", POLICY);
            chain.doFilter(request, response);
        };
        return new FilterRegistrationBean<>(filter);
    }
}
