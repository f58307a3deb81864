package io.dirsync.command.webhook;

import io.dirsync.api.scim.InvalidAttributeException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookTargetsTest {
    private static final WebhookTargets DEFAULTS = targets(false, List.of());

    @Test
    void internalLiteralAddressesAndPlainHttpAreRefusedAtRegistration() {
        for (String url : List.of(
                "https://127.0.0.1/h",
                "https://10.1.2.3/h",
                "https://172.31.0.1/h",
                "https://192.168.0.1/h",
                "https://169.254.169.254/h",
                "https://[::1]/h",
                "https://[fc00::1]/h",
                "https://[fdff::1]/h",
                "https://[fe80::1]/h",
                "https://239.1.1.1/h",
                "https://[ff02::1]/h",
                "https://0.0.0.0/h",
                "https://[::]/h",
                "https://[::127.0.0.1]/h",
                "https://[::ffff:10.0.0.1]/h",
                "http://example.com/h")) {
            assertThatThrownBy(() -> DEFAULTS.checkRegistration(URI.create(url)))
                    .as(url)
                    .isInstanceOf(InvalidAttributeException.class);
        }
        assertThatCode(() -> DEFAULTS.checkRegistration(URI.create("https://93.184.215.14/h")))
                .doesNotThrowAnyException();
        assertThatCode(() -> DEFAULTS.checkRegistration(URI.create("https://[2001:db8::1]/h")))
                .doesNotThrowAnyException();
        assertThatCode(() -> DEFAULTS.checkRegistration(URI.create("https://172.32.0.1/h")))
                .as("just outside 172.16/12")
                .doesNotThrowAnyException();
    }

    @Test
    void theAllowListNamesHostsAddressesOrRanges() {
        WebhookTargets allowing = targets(true, List.of("127.0.0.1", "10.20.0.0/16", "fd00::/8", "hooks.internal"));

        assertThatCode(() -> allowing.checkRegistration(URI.create("http://127.0.0.1:8080/h")))
                .doesNotThrowAnyException();
        assertThatCode(() -> allowing.checkRegistration(URI.create("https://10.20.30.40/h")))
                .doesNotThrowAnyException();
        assertThatCode(() -> allowing.checkRegistration(URI.create("https://[fd12::1]/h")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> allowing.checkRegistration(URI.create("https://10.21.0.1/h")))
                .isInstanceOf(InvalidAttributeException.class);
        assertThat(allowing.deliveryRefusal(URI.create("https://hooks.internal/h")))
                .isEmpty();
    }

    @Test
    void atDeliveryTheResolvedAddressDecides() {
        assertThat(DEFAULTS.deliveryRefusal(URI.create("https://localhost:9/h")))
                .hasValueSatisfying(reason ->
                        assertThat(reason).contains("localhost", "loopback", "dirsync.webhooks.allowed-targets"));
        assertThat(DEFAULTS.deliveryRefusal(URI.create("http://93.184.215.14/h")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("https"));
        assertThat(DEFAULTS.deliveryRefusal(URI.create("https://93.184.215.14/h")))
                .isEmpty();
    }

    private static WebhookTargets targets(boolean allowHttp, List<String> allowed) {
        return new WebhookTargets(new WebhookProperties(
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofHours(1), 10, 8, allowHttp, allowed));
    }
}
