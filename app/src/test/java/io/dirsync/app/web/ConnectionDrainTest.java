package io.dirsync.app.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The drain on a real embedded Tomcat: the listening socket closes, and an open connection is still answered. */
class ConnectionDrainTest {
    private WebServer server;

    @BeforeEach
    void startTomcat() {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
        factory.setAddress(InetAddress.getLoopbackAddress());
        server = factory.getWebServer(context -> context.addServlet("ok", new HttpServlet() {
                    @Override
                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                        response.getWriter().write("ok");
                    }
                })
                .addMapping("/"));
        server.start();
    }

    @AfterEach
    void stopTomcat() {
        server.stop();
    }

    @Test
    void newConnectionsAreRefusedWhileAnOpenOneIsAnsweredAndTheDrainEndsWhenItCloses() throws Exception {
        ConnectionDrain drain = new ConnectionDrain(() -> server, Duration.ofSeconds(20));
        int port = server.getPort();
        try (Socket open = keptAlive(port)) {
            long started = System.nanoTime();
            CompletableFuture<Void> draining = CompletableFuture.runAsync(drain::stop);
            Thread.sleep(300);
            assertThat(draining).as("the drain waits for the open connection").isNotDone();
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                    .isInstanceOf(ConnectException.class);

            open.getOutputStream()
                    .write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = readToEnd(open.getInputStream());

            assertThat(answer)
                    .startsWith("HTTP/1.1 200")
                    .containsIgnoringCase("Connection: close")
                    .endsWith("ok");
            draining.get(10, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void anIdleConnectionHoldsTheDrainOnlyUntilItsTimeoutAndIsStillAnswered() throws Exception {
        ConnectionDrain drain = new ConnectionDrain(() -> server, Duration.ofMillis(600));
        try (Socket idle = keptAlive(server.getPort())) {
            long started = System.nanoTime();
            drain.stop();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(took).isBetween(Duration.ofMillis(500), Duration.ofSeconds(5));

            // the drain gave up on it, and the connector is not paused: a request on it is still answered
            idle.getOutputStream()
                    .write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readToEnd(idle.getInputStream()))
                    .startsWith("HTTP/1.1 200")
                    .endsWith("ok");
        }
    }

    /**
     * A connection Tomcat has accepted and answered once, now idle: a socket merely connected may still wait in the
     * listening socket's backlog, where the drain neither sees nor waits for it.
     */
    private static Socket keptAlive(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        StringBuilder answer = new StringBuilder();
        while (!answer.toString().endsWith("\r\n\r\nok")) {
            int b = socket.getInputStream().read();
            if (b < 0) {
                throw new IOException("closed before the first answer: " + answer);
            }
            answer.append((char) b);
        }
        return socket;
    }

    private static String readToEnd(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
