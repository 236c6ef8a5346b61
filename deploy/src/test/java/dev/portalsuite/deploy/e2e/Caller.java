package dev.portalsuite.deploy.e2e;

import dev.portalsuite.auth.AuthApp;
import dev.portalsuite.freshness.FreshnessApp;
import dev.portalsuite.portal.PortalApp;
import dev.portalsuite.shared.testing.ApiClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;

/**
 * One client of the suite (a browser, a phone, an attacker) with its own source address on the loopback network
 * (127.0.0.x: on Linux the whole /8 is local), so nginx's per-address limits and the services' per-client-IP
 * limits see distinct clients exactly as they would on the internet. nginx forwards the address in
 * {@code X-Forwarded-For}; the services trust it because nginx connects from 127.0.0.1 (TRUSTED_PROXIES default),
 * while 127.0.0.x itself is not a trusted proxy. Every exchange is validated against the service's openapi.yaml.
 */
public final class Caller {
    private final String name;
    private final String address;
    private final OkHttpClient http;
    private final ApiClient auth;
    private final ApiClient portal;
    private final ApiClient freshness;

    public Caller(String name, String address, String origin) {
        this.name = name;
        this.address = address;
        this.http = boundTo(address);
        this.auth = new ApiClient(origin, AuthApp.OPENAPI, http);
        this.portal = new ApiClient(origin, PortalApp.OPENAPI, http);
        this.freshness = new ApiClient(origin, FreshnessApp.OPENAPI, http);
    }

    public String name() {
        return name;
    }

    public String address() {
        return address;
    }

    /** A plain client with this caller's address, for exchanges outside the contracts (gzip bytes, edge routes). */
    public OkHttpClient http() {
        return http;
    }

    public ApiClient auth() {
        return auth;
    }

    public ApiClient portal() {
        return portal;
    }

    public ApiClient freshness() {
        return freshness;
    }

    public void assertNoViolations() {
        for (ApiClient client : List.of(auth, portal, freshness)) {
            client.assertNoViolations();
        }
    }

    /**
     * No transparent retries by OkHttp: a request either gets nginx's answer or fails the test, so "nginx lost
     * nothing" is not helped along by the client.
     */
    private static OkHttpClient boundTo(String address) {
        InetAddress local;
        try {
            local = InetAddress.getByName(address);
        } catch (IOException e) {
            throw new IllegalArgumentException(address, e);
        }
        SocketFactory factory = new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress(local, 0));
                return socket;
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return connect(new InetSocketAddress(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
                return connect(new InetSocketAddress(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return connect(new InetSocketAddress(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress localAddress, int localPort) throws IOException {
                return connect(new InetSocketAddress(host, port));
            }

            private Socket connect(InetSocketAddress target) throws IOException {
                Socket socket = createSocket();
                socket.connect(target);
                return socket;
            }
        };
        return new OkHttpClient.Builder()
                .socketFactory(factory)
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(60))
                .callTimeout(Duration.ofSeconds(90))
                .build();
    }
}
