package io.dirsync.command.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {
    /** {@code printf '%s' 'evt-1.1700000000.{"id":"evt-1","type":"user.created"}' | openssl dgst -sha256 -mac HMAC
     * -macopt hexkey:000102030405060708090a0b0c0d0e0f1011121314151617 -binary | base64} */
    private static final String OPENSSL_VECTOR = "v1,4a2CrO+/Gd7TUQNc+pqt2tsSshEZie0VPREVf7LSpU4=";

    /**
     * The Standard Webhooks / Svix reference vector, re-checked outside Java with
     * {@code printf '%s' 'msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}'
     * | openssl dgst -sha256 -mac HMAC -macopt hexkey:<hex of the base64-decoded key> -binary | base64}.
     */
    @Test
    void matchesTheStandardWebhooksReferenceVector() {
        String signature = WebhookSignature.sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    /** Our own vector, computed with openssl the same way: key bytes 0x00..0x17, a dirsync-shaped body. */
    @Test
    void matchesAVectorComputedWithOpenssl() {
        byte[] key = new byte[24];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);

        String signature = WebhookSignature.sign(
                secret,
                "evt-1",
                1700000000L,
                "{\"id\":\"evt-1\",\"type\":\"user.created\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo(OPENSSL_VECTOR);
    }

    @Test
    void anyByteOfIdTimestampOrBodyChangesTheSignature() {
        String secret = WebhookSignature.newSecret(new SecureRandom());
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.sign(secret, "a", 1, body);

        assertThat(WebhookSignature.sign(secret, "b", 1, body)).isNotEqualTo(signature);
        assertThat(WebhookSignature.sign(secret, "a", 2, body)).isNotEqualTo(signature);
        assertThat(WebhookSignature.sign(secret, "a", 1, "{ }".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(signature);
    }

    @Test
    void secretsAreWhsecPrefixedBase64Of24RandomBytes() {
        String first = WebhookSignature.newSecret(new SecureRandom());
        String second = WebhookSignature.newSecret(new SecureRandom());

        assertThat(first).startsWith("whsec_").isNotEqualTo(second);
        assertThat(Base64.getDecoder().decode(first.substring(6))).hasSize(24);
    }
}
