package io.dirsync.app.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.accept.ContentNegotiationManager;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.lang.reflect.Method;

/**
 * The SCIM endpoints get a request mapping of their own, asked before Spring's main one. Spring matches a path with
 * variables (every SCIM path has the connection's id) against each mapping it holds, one after another: a SCIM
 * filter GET spent 14% of its CPU testing the admin API's, the UI's and the actuator's mappings. Now a request under
 * {@value #PREFIX} is matched against the SCIM controllers' mappings only, by the same rules (unknown method: 405,
 * unknown path: 404), and any other request skips them. Each mapping is in exactly one of the two.
 */
@Configuration
public class ScimRoutes {
    static final String PREFIX = "/scim/";

    /**
     * Spring Boot's main request mapping, without the SCIM endpoints; and its handler adapter, which writes SCIM answers
     * itself ({@link ScimJsonAnswers}). Both here: Spring Boot takes its registrations from one bean only.
     */
    @Bean
    WebMvcRegistrations mainRoutesWithoutScim() {
        return new WebMvcRegistrations() {
            @Override
            public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new Part(false);
            }

            @Override
            public RequestMappingHandlerAdapter getRequestMappingHandlerAdapter() {
                return new ScimJsonAnswers.FirstInLine();
            }
        };
    }

    @Bean
    RequestMappingHandlerMapping scimRequestMapping(
            @Qualifier("mvcContentNegotiationManager") ContentNegotiationManager contentNegotiation) {
        Part scim = new Part(true);
        scim.setOrder(Ordered.HIGHEST_PRECEDENCE);
        scim.setContentNegotiationManager(contentNegotiation);
        return scim;
    }

    private static final class Part extends RequestMappingHandlerMapping {
        private final boolean scim;

        Part(boolean scim) {
            this.scim = scim;
        }

        @Override
        protected RequestMappingInfo getMappingForMethod(Method method, Class<?> handlerType) {
            RequestMappingInfo info = super.getMappingForMethod(method, handlerType);
            return info == null || isScim(info) != scim ? null : info;
        }

        @Override
        protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
            return scim && !lookupPath.startsWith(PREFIX) ? null : super.lookupHandlerMethod(lookupPath, request);
        }

        private static boolean isScim(RequestMappingInfo info) {
            return info.getPatternValues().stream().anyMatch(pattern -> pattern.startsWith(PREFIX));
        }
    }
}
