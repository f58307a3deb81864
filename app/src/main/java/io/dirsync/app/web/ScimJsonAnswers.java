package io.dirsync.app.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.dirsync.scim.ScimSchemas;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.HandlerMethodReturnValueHandlerComposite;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a SCIM answer, a {@code ResponseEntity} with a JSON body and the content type {@code application/scim+json},
 * straight to the servlet response: its status, its headers, its JSON. Spring's handling of an entity took as many
 * request-thread samples as the controller in a profile of filter GETs, for work a SCIM answer does not need: the
 * headers copied into a case-insensitive map, each message converter asked whether it can write the body, media types
 * matched although the type is preset (docs/benchmarks/scim-filter-and-membership.md). Any other return value goes
 * to Spring's handlers as before. As there, a GET's 200 answers a matching {@code If-None-Match} with 304 (Spring's own
 * check) and the request's {@code Accept} is not consulted.
 */
final class ScimJsonAnswers implements HandlerMethodReturnValueHandler {
    private static final MediaType SCIM_JSON = MediaType.parseMediaType(ScimSchemas.MEDIA_TYPE);

    private final HandlerMethodReturnValueHandler spring;
    private final ObjectWriter writer;

    /** @param spring Spring's handlers, in their order, for every other return value */
    private ScimJsonAnswers(HandlerMethodReturnValueHandler spring, ObjectWriter writer) {
        this.spring = spring;
        this.writer = writer.without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    @Override
    public boolean supportsReturnType(MethodParameter returnType) {
        return ResponseEntity.class.isAssignableFrom(returnType.getParameterType());
    }

    @Override
    public void handleReturnValue(
            Object returnValue,
            MethodParameter returnType,
            ModelAndViewContainer container,
            NativeWebRequest webRequest)
            throws Exception {
        if (!(returnValue instanceof ResponseEntity<?> entity)
                || !(entity.getBody() instanceof JsonNode body)
                || !SCIM_JSON.equals(entity.getHeaders().getContentType())) {
            spring.handleReturnValue(returnValue, returnType, container, webRequest);
            return;
        }
        container.setRequestHandled(true);
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        HttpServletResponse response = webRequest.getNativeResponse(HttpServletResponse.class);
        int status = entity.getStatusCode().value();
        response.setStatus(status);
        entity.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        if (status == HttpStatus.OK.value()
                && entity.getHeaders().getETag() != null
                && (HttpMethod.GET.matches(request.getMethod()) || HttpMethod.HEAD.matches(request.getMethod()))
                && new ServletWebRequest(request, response)
                        .checkNotModified(entity.getHeaders().getETag())) {
            return;
        }
        writer.writeValue(response.getOutputStream(), body);
    }

    /**
     * Spring MVC's handler adapter with {@link ScimJsonAnswers} first among its return value handlers, writing with
     * the JSON converter's own {@code ObjectMapper}, so a SCIM answer's JSON is what the converter wrote.
     */
    static final class FirstInLine extends RequestMappingHandlerAdapter {
        @Override
        public void afterPropertiesSet() {
            super.afterPropertiesSet();
            List<HandlerMethodReturnValueHandler> handlers = new ArrayList<>(getReturnValueHandlers());
            HandlerMethodReturnValueHandlerComposite spring =
                    new HandlerMethodReturnValueHandlerComposite().addHandlers(handlers);
            MappingJackson2HttpMessageConverter json = getMessageConverters().stream()
                    .filter(MappingJackson2HttpMessageConverter.class::isInstance)
                    .map(MappingJackson2HttpMessageConverter.class::cast)
                    .findFirst()
                    .orElseThrow();
            handlers.add(0, new ScimJsonAnswers(spring, json.getObjectMapper().writer()));
            setReturnValueHandlers(handlers);
        }
    }
}
