package io.dirsync.app.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Where a request came from and whether it came over HTTPS. Forwarded headers count only when the operator trusts
 * them ({@code dirsync.security.trust-forwarded-headers}): otherwise any client could pick its own address and escape
 * its lock-out. The last {@code X-Forwarded-For} entry is the one the proxy in front of dirsync appended; entries
 * before it are whatever the client sent.
 */
@Component
@EnableConfigurationProperties(SecurityProperties.class)
public class ClientOrigin {
    private final boolean trustForwarded;

    ClientOrigin(SecurityProperties properties) {
        this(properties, "none");
    }

    /**
     * With Spring's {@code server.forward-headers-strategy=native}, Tomcat has already taken the address out of
     * {@code X-Forwarded-For} and left the entries the client sent: reading the header again would trust those.
     */
    @Autowired
    public ClientOrigin(
            SecurityProperties properties, @Value("${server.forward-headers-strategy:none}") String strategy) {
        if (properties.trustForwardedHeaders() && strategy.equalsIgnoreCase("native")) {
            throw new IllegalStateException("Set either dirsync.security.trust-forwarded-headers"
                    + " (DIRSYNC_SECURITY_TRUSTFORWARDEDHEADERS) or server.forward-headers-strategy=native, not both");
        }
        this.trustForwarded = properties.trustForwardedHeaders();
    }

    public String sourceAddress(HttpServletRequest request) {
        String forwarded = trustForwarded ? request.getHeader("X-Forwarded-For") : null;
        if (forwarded != null && !forwarded.isBlank()) {
            String last = forwarded.substring(forwarded.lastIndexOf(',') + 1).trim();
            if (!last.isEmpty()) {
                return last.length() > 64 ? last.substring(0, 64) : last;
            }
        }
        return request.getRemoteAddr();
    }

    public boolean isHttps(HttpServletRequest request) {
        if (request.isSecure()) {
            return true;
        }
        String proto = trustForwarded ? request.getHeader("X-Forwarded-Proto") : null;
        return proto != null
                && proto.substring(proto.lastIndexOf(',') + 1).trim().equalsIgnoreCase("https");
    }
}
