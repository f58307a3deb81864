package io.dirsync.app.audit;

import io.dirsync.command.connection.ScimAuthenticationFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Who caused a command, stamped on it as it is dispatched and copied onto every event it produces (see
 * {@code AuditConfiguration}): the actor (a connection and the public id of its token, the admin, or
 * the system), the request id, the IdP's user agent and source address. Never a token or secret.
 */
@Component
public class AuditMetadata implements MessageDispatchInterceptor<CommandMessage<?>> {
    public static final String ACTOR = "actor";
    public static final String REQUEST_ID = "requestId";
    public static final String USER_AGENT = "userAgent";
    public static final String SOURCE_ADDRESS = "sourceAddress";
    public static final List<String> KEYS = List.of(ACTOR, REQUEST_ID, USER_AGENT, SOURCE_ADDRESS);

    public AuditMetadata(CommandBus commandBus) {
        commandBus.registerDispatchInterceptor(this);
    }

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
            List<? extends CommandMessage<?>> messages) {
        return (index, command) -> command.getMetaData().containsKey(ACTOR) ? command : command.andMetaData(current());
    }

    private static Map<String, Object> current() {
        Map<String, Object> metadata = new HashMap<>();
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            metadata.put(ACTOR, "system");
            return metadata;
        }
        HttpServletRequest request = attributes.getRequest();
        Object connectionActor = request.getAttribute(ScimAuthenticationFilter.ACTOR_ATTRIBUTE);
        metadata.put(ACTOR, connectionActor != null ? connectionActor : "admin");
        putIfPresent(metadata, REQUEST_ID, request.getAttribute(RequestIdFilter.ATTRIBUTE));
        putIfPresent(metadata, USER_AGENT, truncate(request.getHeader("User-Agent")));
        putIfPresent(metadata, SOURCE_ADDRESS, request.getRemoteAddr());
        return metadata;
    }

    private static String truncate(String value) {
        return value == null || value.length() <= 256 ? value : value.substring(0, 256);
    }

    private static void putIfPresent(Map<String, Object> metadata, String key, Object value) {
        if (value != null) {
            metadata.put(key, value.toString());
        }
    }
}
