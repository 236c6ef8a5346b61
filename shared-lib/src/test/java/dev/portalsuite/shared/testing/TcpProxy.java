package dev.portalsuite.shared.testing;

import dev.portalsuite.shared.db.DatabaseConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy on loopback that a test can cut and restore, to put between a service and its PostgreSQL: while cut,
 * every open connection is closed and new ones are closed as soon as they are accepted (what a client sees when
 * the database has gone away); restored, it forwards again. The listening port stays the same throughout.
 */
public final class TcpProxy implements AutoCloseable {
    private static final Pattern JDBC_HOST_PORT = Pattern.compile("^(jdbc:postgresql://)([^/:?]+)(?::(\\d+))?(/.*)$");

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy in front of the database of {@code config}, and the same config pointed at the proxy. */
    public static Fronted inFrontOf(DatabaseConfig config) {
        Matcher url = JDBC_HOST_PORT.matcher(config.jdbcUrl());
        if (!url.matches()) {
            throw new IllegalArgumentException("cannot read host and port of " + config.jdbcUrl());
        }
        int port = url.group(3) == null ? 5432 : Integer.parseInt(url.group(3));
        TcpProxy proxy = new TcpProxy(url.group(2), port);
        DatabaseConfig proxied = new DatabaseConfig(url.group(1) + "127.0.0.1:" + proxy.port() + url.group(4),
                config.user(), config.password(), config.maxPoolSize(), config.acquireTimeout(), config.statementTimeout());
        return new Fronted(proxy, proxied);
    }

    /** The proxy and the database config that goes through it. */
    public record Fronted(TcpProxy proxy, DatabaseConfig config) {
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Closes every forwarded connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        cut = true;
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    public void restore() {
        cut = false;
    }

    @Override
    public void close() {
        cut();
        closeQuietly(listener);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cut) {
                closeQuietly(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 2_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            open.add(client);
            open.add(upstream);
            if (cut) { // cut while this one was being connected
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            pump(client, upstream);
            pump(upstream, client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (SocketException closed) {
                // one side was closed (or cut): close the other too
            } catch (IOException e) {
                // the same
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
