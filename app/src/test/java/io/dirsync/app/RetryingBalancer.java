package io.dirsync.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load balancer in front of the nodes, as small as a test allows: round robin, one backend connection per request
 * ({@code Connection: close}), and a request whose node refuses the connection or closes it before answering a
 * single byte goes to the next node, as nginx's {@code proxy_next_upstream error} does. Anything else (an answer,
 * a timeout) goes back to the client as it came. Listens on 127.0.0.1 only.
 */
final class RetryingBalancer implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Integer> ports;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger next = new AtomicInteger();
    /** Requests each backend port answered, and how many went to the next node. */
    final ConcurrentHashMap<Integer, AtomicInteger> answeredBy = new ConcurrentHashMap<>();

    final AtomicInteger retried = new AtomicInteger();
    /** The status line of every answer that was not 2xx, with the port of the node that gave it. */
    final List<String> unsuccessful = new CopyOnWriteArrayList<>();

    private volatile boolean running = true;

    RetryingBalancer(List<Integer> ports) throws IOException {
        this.ports = List.copyOf(ports);
        this.listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        threads.submit(this::accept);
    }

    String origin() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    private void accept() {
        while (running) {
            try {
                Socket client = listener.accept();
                threads.submit(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            byte[] request = readRequest(client.getInputStream());
            int first = Math.floorMod(next.getAndIncrement(), ports.size());
            for (int attempt = 0; attempt < ports.size(); attempt++) {
                int port = ports.get((first + attempt) % ports.size());
                if (forward(port, request, client.getOutputStream(), unsuccessful)) {
                    answeredBy.computeIfAbsent(port, p -> new AtomicInteger()).incrementAndGet();
                    return;
                }
                retried.incrementAndGet();
            }
            client.getOutputStream()
                    .write(("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
        } catch (IOException clientGone) {
            // the client hung up: nothing to answer
        }
    }

    /** False when the node refused or reset the connection before its first byte: the request may go elsewhere. */
    private static boolean forward(int port, byte[] request, OutputStream toClient, List<String> unsuccessful)
            throws IOException {
        try (Socket backend = new Socket()) {
            try {
                backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
                backend.setSoTimeout(60_000);
                backend.getOutputStream().write(request);
                backend.getOutputStream().flush();
            } catch (SocketException refusedOrReset) {
                return false;
            }
            InputStream answer = backend.getInputStream();
            int firstByte;
            try {
                firstByte = answer.read();
            } catch (SocketException reset) {
                return false;
            }
            if (firstByte < 0) {
                return false;
            }
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            whole.write(firstByte);
            answer.transferTo(whole);
            byte[] bytes = whole.toByteArray();
            String head = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1);
            String statusLine = head.contains("\r\n") ? head.substring(0, head.indexOf("\r\n")) : head;
            if (!statusLine.matches("HTTP/1\\.1 2\\d\\d.*")) {
                unsuccessful.add("port " + port + ": " + statusLine + " (request: "
                        + new String(request, 0, Math.min(request.length, 120), StandardCharsets.ISO_8859_1).trim()
                        + ")");
            }
            toClient.write(bytes);
            toClient.flush();
            return true;
        }
    }

    /** The request head with {@code Connection: close} in place of the client's, and its Content-Length body. */
    private static byte[] readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("client closed mid-request");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        StringBuilder rewritten = new StringBuilder(lines[0]).append("\r\n");
        int length = 0;
        for (int i = 1; i < lines.length; i++) {
            String lower = lines[i].toLowerCase(Locale.ROOT);
            if (lower.startsWith("connection:")
                    || lower.startsWith("keep-alive:")
                    || lower.startsWith("upgrade:")
                    || lower.startsWith("http2-settings:")) { // one plain HTTP/1.1 exchange per backend connection
                continue;
            }
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(
                        lines[i].substring("content-length:".length()).trim());
            }
            if (lower.startsWith("transfer-encoding:")) {
                throw new IOException("chunked requests are not needed by these tests");
            }
            rewritten.append(lines[i]).append("\r\n");
        }
        rewritten.append("Connection: close\r\n\r\n");
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(rewritten.toString().getBytes(StandardCharsets.ISO_8859_1));
        request.write(in.readNBytes(length));
        return request.toByteArray();
    }

    @Override
    public void close() throws IOException {
        running = false;
        listener.close();
        threads.shutdownNow();
    }
}
