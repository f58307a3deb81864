package io.dirsync.app.ui.session;

import io.dirsync.app.security.AdminCredential;
import io.dirsync.command.crypto.Hmac;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The admin web UI's session cookie: {@code v1.<expiry epoch seconds>.<random nonce>.<HMAC>}, signed with a key
 * derived from the admin token. The raw token never sits in the browser (a stolen cookie is good for the API
 * never, and for the UI only until it expires); every node verifies it without shared state; changing the admin
 * token ends every session. An auditor's session ({@code a1.}) also names its auditor token, and lasts only while
 * that token does (see {@link AdminUiFilter}).
 */
@Component
public class AdminSessions {
    public static final String COOKIE = "dirsync_admin";
    public static final Duration LIFETIME = Duration.ofHours(8);
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    private final byte[] key;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    @Autowired
    public AdminSessions(AdminCredential credential) {
        this(credential.derivedKey("dirsync admin web UI session v1"), Clock.systemUTC());
    }

    AdminSessions(byte[] key, Clock clock) {
        this.key = key.clone();
        this.clock = clock;
    }

    /** What a valid cookie says: an admin session, or an auditor's (read-only) naming its auditor token. */
    public record Session(String auditorTokenId) {
        public boolean auditor() {
            return auditorTokenId != null;
        }
    }

    /** An admin session: {@code v1.<expiry>.<nonce>.<HMAC>}. */
    public String issue() {
        return signed("v1." + expiry() + "." + nonce());
    }

    /**
     * An auditor's read-only session: {@code a1.<expiry>.<nonce>.<auditor token id>.<HMAC>}. The id is not a secret;
     * the signature stops a cookie from naming another token or turning into an admin session, and every request
     * checks that the named token is still neither revoked nor expired.
     */
    public String issueAuditor(String auditorTokenId) {
        if (auditorTokenId == null || !auditorTokenId.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("Not an auditor token id: " + auditorTokenId);
        }
        return signed("a1." + expiry() + "." + nonce() + "." + auditorTokenId);
    }

    /** Whether the cookie is signed by the current admin token and unexpired (an auditor's token is not checked here). */
    public boolean isValid(String cookie) {
        return verify(cookie).isPresent();
    }

    /** The session a cookie carries when it is signed by the current admin token and unexpired. */
    public Optional<Session> verify(String cookie) {
        if (cookie == null) {
            return Optional.empty();
        }
        int lastDot = cookie.lastIndexOf('.');
        String[] claims =
                lastDot < 0 ? new String[0] : cookie.substring(0, lastDot).split("\\.", -1);
        boolean admin = claims.length == 3 && claims[0].equals("v1");
        boolean auditor = claims.length == 4 && claims[0].equals("a1") && !claims[3].isEmpty();
        if (!admin && !auditor) {
            return Optional.empty();
        }
        byte[] expected = sign(cookie.substring(0, lastDot)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, cookie.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        try {
            if (Long.parseLong(claims[1]) <= clock.instant().getEpochSecond()) {
                return Optional.empty();
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(new Session(auditor ? claims[3] : null));
    }

    private long expiry() {
        return clock.instant().plus(LIFETIME).getEpochSecond();
    }

    private String nonce() {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return BASE64.encodeToString(nonce);
    }

    private String signed(String claims) {
        return claims + "." + sign(claims);
    }

    private String sign(String claims) {
        return BASE64.encodeToString(Hmac.sha256(key, claims));
    }
}
