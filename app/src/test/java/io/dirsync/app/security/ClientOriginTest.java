package io.dirsync.app.security;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientOriginTest {
    private static final SecurityProperties.FailedAuthentication DEFAULTS =
            new SecurityProperties.FailedAuthentication(10, Duration.ofMinutes(5));

    @Test
    void byDefaultForwardedHeadersAreIgnoredSoAClientCannotPickItsOwnAddress() {
        ClientOrigin origin = new ClientOrigin(new SecurityProperties(false, DEFAULTS));
        MockHttpServletRequest request = forwarded();

        assertThat(origin.sourceAddress(request)).isEqualTo("192.0.2.7");
        assertThat(origin.isHttps(request)).isFalse();
    }

    @Test
    void whenTrustedTheAddressIsTheOneTheProxyAppendedLast() {
        ClientOrigin origin = new ClientOrigin(new SecurityProperties(true, DEFAULTS));
        MockHttpServletRequest request = forwarded();

        assertThat(origin.sourceAddress(request)).isEqualTo("198.51.100.4");
        assertThat(origin.isHttps(request)).isTrue();
        assertThat(origin.sourceAddress(new MockHttpServletRequest()))
                .as("no header: the socket")
                .isEqualTo("127.0.0.1");
    }

    @Test
    void trustingTheHeadersTwiceIsRefused() {
        assertThatThrownBy(() -> new ClientOrigin(new SecurityProperties(true, DEFAULTS), "native"))
                .hasMessageContaining("not both");
    }

    private static MockHttpServletRequest forwarded() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("192.0.2.7");
        request.addHeader("X-Forwarded-For", "203.0.113.99, 198.51.100.4");
        request.addHeader("X-Forwarded-Proto", "https");
        return request;
    }
}
