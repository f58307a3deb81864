package io.dirsync.app.web;

import io.dirsync.scim.ScimException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a request body over {@code dirsync.http.max-body-bytes} (default 1 MiB) with 413 before anything parses
 * it: by its Content-Length when it declares one, otherwise (chunked) by reading at most one byte past the limit.
 * Runs after authentication, so an anonymous caller cannot make the service read a megabyte.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class RequestBodyLimitFilter extends OncePerRequestFilter {
    private final long maxBodyBytes;
    private final FilterErrors errors;

    public RequestBodyLimitFilter(
            @Value("${dirsync.http.max-body-bytes:1048576}") long maxBodyBytes, FilterErrors errors) {
        this.maxBodyBytes = maxBodyBytes;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            tooLarge(request, response);
            return;
        }
        if (declared == 0 || (declared < 0 && request.getHeader("Transfer-Encoding") == null) || isForm(request)) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        if (body.length > maxBodyBytes) {
            tooLarge(request, response);
            return;
        }
        chain.doFilter(new ReadBody(request, body), response);
    }

    /**
     * Form posts (the admin UI) are parsed by Tomcat from its own stream when a parameter is first asked for, so they
     * are not buffered here; Tomcat's {@code max-http-form-post-size} holds them to the same limit.
     */
    private static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null
                && (type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)
                        || type.regionMatches(true, 0, "multipart/", 0, 10));
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // the rest of the body is not read: the connection closes rather than carrying it into the next request
        response.setHeader("Connection", "close");
        errors.write(
                request,
                response,
                new ScimException(
                        413, null, "The request body is larger than the limit of " + maxBodyBytes + " bytes"));
    }

    /** The request with its body already read, served again from memory. */
    private static final class ReadBody extends HttpServletRequestWrapper {
        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            return new BufferedBody(new ByteArrayInputStream(body));
        }

        @Override
        public BufferedReader getReader() {
            Charset charset;
            try {
                charset = getCharacterEncoding() == null
                        ? StandardCharsets.UTF_8
                        : Charset.forName(getCharacterEncoding());
            } catch (IllegalArgumentException unknownCharset) {
                charset = StandardCharsets.UTF_8;
            }
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }

    private static final class BufferedBody extends ServletInputStream {
        private final InputStream in;

        BufferedBody(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return in.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
            try {
                return in.available() == 0;
            } catch (IOException e) {
                return true;
            }
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("the body is already in memory");
        }
    }
}
