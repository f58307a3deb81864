package io.dirsync.app.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.validation.Errors;
import org.springframework.validation.SmartValidator;
import org.springframework.validation.Validator;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Spring MVC without Bean Validation. No controller here validates with annotations: SCIM bodies are checked against
 * the schema and by the aggregates, admin requests by their commands. But with the Bean Validation API on the class
 * path (springdoc brings it) Spring MVC looks up each handler method's validation groups on every request, about 3%
 * of a SCIM filter GET's CPU. A validator that validates nothing, and is no Bean Validation one, turns that off.
 */
@Configuration
public class NoBeanValidation implements WebMvcConfigurer {
    private static final SmartValidator NONE = new SmartValidator() {
        @Override
        public boolean supports(Class<?> type) {
            return false;
        }

        @Override
        public void validate(Object target, Errors errors) {}

        @Override
        public void validate(Object target, Errors errors, Object... validationHints) {}
    };

    @Override
    public Validator getValidator() {
        return NONE;
    }
}
