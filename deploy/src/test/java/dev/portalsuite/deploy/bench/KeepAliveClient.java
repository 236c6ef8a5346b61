package dev.portalsuite.deploy.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection with blocking I/O, for the login load generator: it shares the two cores with
 * the bcrypt it measures, and the JDK's {@code HttpClient} (a selector thread and futures per request) took about
 * 1.2 ms of CPU per login attempt — 4–5 % of the machine at 80 attempts a second. A blocking write and read on the
 * caller's own thread is a few system calls. Enough HTTP for JSON APIs on loopback: {@code Content-Length} or chunked
 * bodies, {@code Connection: close}, one reconnect when the server has closed an idle connection. Not thread-safe:
 * one per thread.
 */
final class KeepAliveClient implements AutoCloseable {
    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** An answer: its status, its {@code Retry-After} (null when absent) and its body. */
    record Answer(int status, String retryAfter, String body) {
    }

    KeepAliveClient(URI base) {
        this.host = base.getHost();
        this.port = base.getPort() < 0 ? 80 : base.getPort();
    }

    /**
     * POSTs {@code json} to {@code path}. A kept-alive connection the server closed while idle (the request could not
     * be written, or the connection ended before the first byte of an answer) is reopened and the request sent once
     * more; a failure after an answer began is thrown, never resent (a login must not be counted twice). Any failure
     * closes the connection, so a late answer is never read as the next request's.
     */
    Answer postJson(String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        boolean reused = socket != null;
        try {
            return exchange(head, body);
        } catch (ClosedBeforeAnswer e) {
            close();
            if (!reused) {
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        try {
            return exchange(head, body);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The connection was gone before the server answered anything: the request was not handled. */
    private static final class ClosedBeforeAnswer extends IOException {
        ClosedBeforeAnswer(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Answer exchange(byte[] head, byte[] body) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream(), 8_192);
            out = socket.getOutputStream();
        }
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        int first;
        try {
            out.write(request);
            out.flush();
            first = in.read();
        } catch (java.net.SocketTimeoutException e) {
            throw e; // the server may be handling it: not a closed connection
        } catch (IOException e) {
            throw new ClosedBeforeAnswer("connection closed before an answer", e);
        }
        if (first < 0) {
            throw new ClosedBeforeAnswer("connection closed before an answer", null);
        }
        String statusLine = (char) first + line();
        int status = status(statusLine);
        while (status >= 100 && status < 200) { // interim answers (100 Continue): skip their headers, read the final one
            for (String header = line(); header != null && !header.isEmpty(); header = line()) {
                // nothing in them is needed
            }
            statusLine = line();
            status = status(statusLine);
        }
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = statusLine.startsWith("HTTP/1.0");
        String retryAfter = null;
        for (String header = line(); header != null && !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closeAfter |= java.util.Arrays.stream(value.split(","))
                        .anyMatch(token -> token.trim().equalsIgnoreCase("close"));
                case "retry-after" -> retryAfter = value;
                default -> {
                }
            }
        }
        String text;
        if (status == 204 || status == 304) {
            text = "";
        } else if (chunked) {
            text = chunkedBody();
        } else if (length >= 0) {
            text = new String(exactly((int) length), StandardCharsets.UTF_8);
        } else {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8); // delimited by the end of the connection
            closeAfter = true;
        }
        if (closeAfter) {
            close();
        }
        return new Answer(status, retryAfter, text);
    }

    private static int status(String statusLine) throws IOException {
        if (statusLine == null || !statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        try {
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + statusLine, e);
        }
    }

    private byte[] exactly(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new IOException("the answer ended after " + bytes.length + " of its " + length + " bytes");
        }
        return bytes;
    }

    private String chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            if (size == null) {
                throw new IOException("connection closed inside a chunked body");
            }
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (length == 0) {
                for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                    // trailers are not used
                }
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(exactly(length));
            line(); // the CRLF after the chunk
        }
    }

    /** A line without its CRLF, or null at the end of the stream. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
        return line.isEmpty() ? null : line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection that is going away anyway
            }
            socket = null;
        }
    }
}
