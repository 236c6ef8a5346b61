package dev.portalsuite.shared.web;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Jetty refuses a request target it cannot parse at all (a %-escape of NUL, or one that is not hex) before a
 * request exists, so its error handler only sees a placeholder request. The HTTP/1.1 connections installed here
 * remember the method and target they refused, so the error handler can still answer by path.
 */
final class RefusedTargets {
    private static final String PLACEHOLDER_METHOD = "BAD"; // what Jetty names the request it makes up

    /** The request line Jetty could not parse. */
    record Refused(String method, String target) {
    }

    private RefusedTargets() {
    }

    /** Swaps each connector's HTTP/1.1 factory for a remembering one when the server starts (Javalin adds its own). */
    static void install(Server server) {
        server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                for (Connector connector : server.getConnectors()) {
                    if (connector instanceof ServerConnector serverConnector) {
                        HttpConnectionFactory http = serverConnector.getConnectionFactory(HttpConnectionFactory.class);
                        if (http != null && !(http instanceof Remembering)) {
                            serverConnector.setConnectionFactories(serverConnector.getConnectionFactories().stream()
                                    .map(factory -> factory == http ? (ConnectionFactory) new Remembering(http) : factory)
                                    .toList());
                        }
                    }
                }
            }
        });
    }

    /** The target Jetty refused on this request's connection, or null. */
    static Refused of(Request request) {
        return request.getConnectionMetaData().getConnection() instanceof RememberingConnection connection
                ? connection.refused : null;
    }

    private static final class Remembering extends HttpConnectionFactory {
        Remembering(HttpConnectionFactory original) {
            super(original.getHttpConfiguration());
            setInputBufferSize(original.getInputBufferSize());
            setUseInputDirectByteBuffers(original.isUseInputDirectByteBuffers());
            setUseOutputDirectByteBuffers(original.isUseOutputDirectByteBuffers());
            setTransferEncodingChunkMaxLength(original.getTransferEncodingChunkMaxLength());
        }

        @Override
        public Connection newConnection(Connector connector, EndPoint endPoint) {
            RememberingConnection connection = new RememberingConnection(getHttpConfiguration(), connector, endPoint);
            connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
            return configure(connection, connector, endPoint);
        }
    }

    private static final class RememberingConnection extends HttpConnection {
        private volatile Refused refused;

        RememberingConnection(HttpConfiguration config, Connector connector, EndPoint endPoint) {
            super(config, connector, endPoint);
        }

        @Override
        protected HttpStreamOverHTTP1 newHttpStream(String method, String uri, HttpVersion version) {
            if (!PLACEHOLDER_METHOD.equals(method)) {
                refused = null;
            }
            try {
                return super.newHttpStream(method, uri, version);
            } catch (IllegalArgumentException e) {
                refused = new Refused(method, uri);
                throw e;
            }
        }
    }
}
