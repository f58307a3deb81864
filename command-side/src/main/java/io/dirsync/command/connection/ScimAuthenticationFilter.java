package io.dirsync.command.connection;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.scim.ScimError;
import io.dirsync.scim.ScimSchemas;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every request under {@code /scim/v2/{connectionId}} must carry that connection's current bearer token.
 * An unknown connection, a missing token and another connection's token all get the same 401, so the
 * answer never tells whether a connection exists. While directory sync is disabled, SCIM calls get 403.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ScimAuthenticationFilter extends OncePerRequestFilter {
    /** Request attribute holding the public id of the token that authenticated the request. */
    public static final String TOKEN_ID_ATTRIBUTE = "dirsync.scim.tokenId";
    /** Request attribute naming who acts: the connection and the public id of its token, never the token. */
    public static final String ACTOR_ATTRIBUTE = "dirsync.actor";
    /**
     * Request attribute holding the connection id of the path once that connection is known to exist (whether or not
     * the token matched): a label metrics may use, as its values are bounded by the connections there are.
     */
    public static final String CONNECTION_ATTRIBUTE = "dirsync.scim.connectionId";
    /** Request attribute holding the error written, for the provisioning-failure log. */
    public static final String ERROR_ATTRIBUTE = "dirsync.scim.error";
    private static final Pattern SCIM_PATH = Pattern.compile("^/scim/v2/([^/]+)(/.*)?$");

    private final ConnectionCredentials credentials;
    private final ObjectMapper objectMapper;

    public ScimAuthenticationFilter(ConnectionCredentials credentials, ObjectMapper objectMapper) {
        this.credentials = credentials;
        this.objectMapper = objectMapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().substring(request.getContextPath().length()).startsWith("/scim/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher matcher = SCIM_PATH.matcher(request.getRequestURI().substring(request.getContextPath().length()));
        Optional<ConnectionCredentials.Credential> credential = matcher.matches()
                ? authenticate(request, matcher.group(1), request.getHeader(HttpHeaders.AUTHORIZATION))
                : Optional.empty();
        if (credential.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"dirsync\"");
            reject(request, response, HttpServletResponse.SC_UNAUTHORIZED, "Missing or invalid bearer token for this SCIM base URL");
            return;
        }
        if (!credential.get().syncEnabled()) {
            reject(request, response, HttpServletResponse.SC_FORBIDDEN, "Directory sync is disabled for this connection");
            return;
        }
        String tokenId = credential.get().tokenId();
        request.setAttribute(TOKEN_ID_ATTRIBUTE, tokenId);
        request.setAttribute(ACTOR_ATTRIBUTE, "connection:" + matcher.group(1) + "/token:" + tokenId);
        chain.doFilter(request, response);
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, int status, String detail) throws IOException {
        ScimError error = ScimError.of(status, null, detail);
        request.setAttribute(ERROR_ATTRIBUTE, error);
        response.setStatus(status);
        response.setContentType(ScimSchemas.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        objectMapper.writeValue(response.getOutputStream(), error);
    }

    private Optional<ConnectionCredentials.Credential> authenticate(HttpServletRequest request, String connectionId, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String presented = authorization.substring(7).trim();
        Optional<ConnectionCredentials.Credential> known = credentials.find(connectionId);
        known.ifPresent(credential -> request.setAttribute(CONNECTION_ATTRIBUTE, connectionId));
        return known.filter(credential -> BearerTokens.matches(presented, credential.sha256Hex()));
    }
}
