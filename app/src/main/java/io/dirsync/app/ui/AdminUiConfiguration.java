package io.dirsync.app.ui;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.LiteWebJarsResourceResolver;

import java.time.Duration;

/**
 * Static files of the admin web UI: its own CSS and JS under {@code /admin/static/}, htmx and SortableJS from
 * their WebJars under {@code /webjars/} (version-less paths). Everything else stays unmapped
 * ({@code spring.web.resources.add-mappings=false}), so no other classpath file is ever served.
 */
@Configuration
public class AdminUiConfiguration implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/admin/static/**")
                .addResourceLocations("classpath:/admin-static/")
                .setCacheControl(CacheControl.noCache());
        registry.addResourceHandler("/webjars/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/")
                .setCacheControl(CacheControl.maxAge(Duration.ofHours(1)))
                .resourceChain(true)
                .addResolver(new LiteWebJarsResourceResolver());
    }
}
