package io.dirsync.command.connection;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.scim.ScimError;
import io.dirsync.scim.ScimSchemas;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every request under {@code /scim/v2/{connectionId}} must carry one of that connection's bearer tokens that has not
 * expired.
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

    /** A token's last use is written at most this often: a write a minute per token, not one per request. */
    static final Duration LAST_USE_EVERY = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(ScimAuthenticationFilter.class);

    private final ConnectionCredentials credentials;
    private final ObjectMapper objectMapper;
    private final Clock clock;

    public ScimAuthenticationFilter(ConnectionCredentials credentials, ObjectMapper objectMapper, Clock clock) {
        this.credentials = credentials;
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI()
                .substring(request.getContextPath().length())
                .startsWith("/scim/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher matcher = SCIM_PATH.matcher(
                request.getRequestURI().substring(request.getContextPath().length()));
        Instant now = clock.instant();
        Optional<ConnectionCredentials.Credentials> credentials =
                matcher.matches() ? this.credentials.find(matcher.group(1)) : Optional.empty();
        Optional<ConnectionCredentials.Token> token =
                credentials.flatMap(found -> authenticate(found, request.getHeader(HttpHeaders.AUTHORIZATION), now));
        credentials.ifPresent(found -> request.setAttribute(CONNECTION_ATTRIBUTE, matcher.group(1)));
        if (token.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"dirsync\"");
            reject(
                    request,
                    response,
                    HttpServletResponse.SC_UNAUTHORIZED,
                    "Missing or invalid bearer token for this SCIM base URL");
            return;
        }
        if (!credentials.get().syncEnabled()) {
            reject(
                    request,
                    response,
                    HttpServletResponse.SC_FORBIDDEN,
                    "Directory sync is disabled for this connection");
            return;
        }
        recordUse(token.get(), now);
        String tokenId = token.get().tokenId();
        request.setAttribute(TOKEN_ID_ATTRIBUTE, tokenId);
        request.setAttribute(ACTOR_ATTRIBUTE, "connection:" + matcher.group(1) + "/token:" + tokenId);
        chain.doFilter(request, response);
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, int status, String detail)
            throws IOException {
        ScimError error = ScimError.of(status, null, detail);
        request.setAttribute(ERROR_ATTRIBUTE, error);
        response.setStatus(status);
        response.setContentType(ScimSchemas.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        objectMapper.writeValue(response.getOutputStream(), error);
    }

    /** The token presented, if it is one of the connection's and has not expired: one hash, then a comparison per token. */
    private static Optional<ConnectionCredentials.Token> authenticate(
            ConnectionCredentials.Credentials credentials, String authorization, Instant now) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String presented = BearerTokens.sha256Hex(authorization.substring(7).trim());
        return credentials.tokens().stream()
                .filter(token -> BearerTokens.digestMatches(presented, token.sha256Hex()) && token.worksAt(now))
                .findFirst();
    }

    /** Last use is a convenience for the admin: a database refusing the write must not refuse the request. */
    private void recordUse(ConnectionCredentials.Token token, Instant now) {
        try {
            credentials.recordUse(token, now, LAST_USE_EVERY);
        } catch (DataAccessException e) {
            log.debug("Could not record the last use of token {}", token.tokenId(), e);
        }
    }
}
