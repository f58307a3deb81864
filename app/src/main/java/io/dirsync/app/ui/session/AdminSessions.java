package io.dirsync.app.ui.session;

import io.dirsync.app.security.AdminCredential;
import io.dirsync.app.security.Hmac;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * The admin web UI's session cookie: {@code v1.<expiry epoch seconds>.<random nonce>.<HMAC>}, signed with a key
 * derived from the admin token. The raw token never sits in the browser (a stolen cookie is good for the API
 * never, and for the UI only until it expires); every node verifies it without shared state; changing the admin
 * token ends every session.
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

    public String issue() {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String claims = "v1." + clock.instant().plus(LIFETIME).getEpochSecond() + "." + BASE64.encodeToString(nonce);
        return claims + "." + sign(claims);
    }

    public boolean isValid(String cookie) {
        if (cookie == null) {
            return false;
        }
        int lastDot = cookie.lastIndexOf('.');
        String[] claims = lastDot < 0 ? new String[0] : cookie.substring(0, lastDot).split("\\.", -1);
        if (claims.length != 3 || !claims[0].equals("v1")) {
            return false;
        }
        byte[] expected = sign(cookie.substring(0, lastDot)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, cookie.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return false;
        }
        try {
            return Long.parseLong(claims[1]) > clock.instant().getEpochSecond();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private String sign(String claims) {
        return BASE64.encodeToString(Hmac.sha256(key, claims));
    }
}
