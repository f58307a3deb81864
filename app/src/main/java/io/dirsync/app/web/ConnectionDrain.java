package io.dirsync.app.web;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.ProtocolHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * On SIGTERM, just before Spring Boot's graceful shutdown pauses Tomcat: the listening socket closes, so a load
 * balancer's connect fails and it retries on another node, and the connections already open get up to
 * {@code dirsync.http.drain-timeout} to be answered and close (Tomcat turns keep-alive off once the socket is closed).
 * Spring Boot waits only for the requests the container has begun to serve. In {@code GracefulShutdownIT} a PATCH sent
 * as the node stopped got Tomcat's own HTML 400, with nothing logged: most likely a request Tomcat was still reading
 * when the connector paused and stopped. An IdP does not retry a 400. Draining first leaves no request half-read. An
 * idle keep-alive connection that sends nothing holds the drain until its timeout, then shutdown goes on as before:
 * the timeout is short because a request's bytes arrive in milliseconds, and such idle connections (a proxy's, a test
 * client's) are common.
 */
@Component
public class ConnectionDrain implements SmartLifecycle {
    private final Supplier<WebServer> webServer;
    private final Duration timeout;
    private volatile boolean running;

    @Autowired
    public ConnectionDrain(
            WebServerApplicationContext context, @Value("${dirsync.http.drain-timeout:500ms}") Duration timeout) {
        this(context::getWebServer, timeout);
    }

    ConnectionDrain(Supplier<WebServer> webServer, Duration timeout) {
        this.webServer = webServer;
        this.timeout = timeout;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        List<ProtocolHandler> handlers = webServer.get() instanceof TomcatWebServer tomcat
                ? Arrays.stream(tomcat.getTomcat().getService().findConnectors())
                        .map(Connector::getProtocolHandler)
                        .toList()
                : List.of();
        handlers.forEach(ProtocolHandler::closeServerSocketGraceful);
        long left = timeout.toMillis();
        for (ProtocolHandler handler : handlers) {
            left = handler.awaitConnectionsClose(left);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped just before Spring Boot's graceful shutdown of the web server, which stops in the next phase down. */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
    }
}
