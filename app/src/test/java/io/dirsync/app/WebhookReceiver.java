package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A downstream application on 127.0.0.1: records every request in arrival order, checks its Standard Webhooks
 * signature with its own HMAC code (not dirsync's), and fails on demand.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived; {@code answered} is the status this receiver gave it. */
    record Request(String webhookId, long timestamp, boolean signatureValid, JsonNode body, int answered) {
        String type() {
            return body.get("type").asText();
        }

        String subject() {
            JsonNode data = body.get("data");
            return data.has("userId")
                    ? data.get("userId").asText()
                    : data.get("groupId").asText();
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicBoolean failAll = new AtomicBoolean();
    private volatile byte[] key;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", this::handle);
        server.start();
    }

    /** A URL on 127.0.0.1 where nothing listens: every connection is refused at once. */
    static String refusedUrl() throws IOException {
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + closed.getLocalPort() + "/hook";
        }
    }

    /** Accepts connections (the kernel's backlog does) and never answers: each attempt runs into the timeout. */
    static ServerSocket blackHole() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The secret the registration answered with, as a consumer would configure it. */
    void verifyWith(String secret) {
        key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    }

    void failFirst(int attempts) {
        failuresLeft.set(attempts);
    }

    void failAll(boolean fail) {
        failAll.set(fail);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** What the consumer acted on: answered 2xx, about the given subject, in arrival order. */
    List<Request> accepted(String subject) {
        return requests.stream()
                .filter(r -> r.answered() / 100 == 2 && r.subject().equals(subject))
                .toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        long timestamp = Long.parseLong(exchange.getRequestHeaders().getFirst("webhook-timestamp"));
        String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
        boolean valid = key != null
                && signatures != null
                && Arrays.asList(signatures.split(" ")).contains(expected(id, timestamp, body));
        int status = failAll.get() || failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : 204;
        requests.add(new Request(
                id, timestamp, valid, HttpClientSupport.parse(new String(body, StandardCharsets.UTF_8)), status));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private String expected(String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
