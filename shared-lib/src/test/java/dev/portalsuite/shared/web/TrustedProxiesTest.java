package dev.portalsuite.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalsuite.shared.config.ConfigException;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    private final TrustedProxies proxies = TrustedProxies.parse("TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.0/24,::1/128");

    @Test
    void forwardedForFromAnUntrustedPeerIsIgnored() {
        assertThat(proxies.clientIp("203.0.113.9", "198.51.100.7")).isEqualTo("203.0.113.9");
        assertThat(proxies.clientIp("203.0.113.9", "10.0.0.5")).isEqualTo("203.0.113.9");
        assertThat(TrustedProxies.none().clientIp("127.0.0.1", "198.51.100.7")).isEqualTo("127.0.0.1");
    }

    @Test
    void withoutForwardedForThePeerIsTheClient() {
        assertThat(proxies.clientIp("10.1.2.3", null)).isEqualTo("10.1.2.3");
        assertThat(proxies.clientIp("10.1.2.3", "  ")).isEqualTo("10.1.2.3");
    }

    @Test
    void fromATrustedPeerTheRightMostUntrustedHopIsTheClient() {
        assertThat(proxies.clientIp("10.0.0.1", "198.51.100.7")).isEqualTo("198.51.100.7");
        // chain of proxies: the client is the right-most hop that is not a proxy
        assertThat(proxies.clientIp("10.0.0.1", "198.51.100.7, 192.168.1.20, 10.9.9.9")).isEqualTo("198.51.100.7");
    }

    @Test
    void spoofedLeftMostEntriesAreIgnored() {
        // the client sent "X-Forwarded-For: 1.2.3.4, 10.0.0.7" itself; nginx appended its real address
        assertThat(proxies.clientIp("10.0.0.1", "1.2.3.4, 10.0.0.7, 198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(proxies.clientIp("10.0.0.1", "127.0.0.1,198.51.100.7")).isEqualTo("198.51.100.7");
    }

    @Test
    void whenEveryHopIsTrustedTheLeftMostIsTheClient() {
        assertThat(proxies.clientIp("10.0.0.1", "192.168.1.5, 10.0.0.2")).isEqualTo("192.168.1.5");
    }

    @Test
    void aMalformedHeaderFallsBackToThePeer() {
        assertThat(proxies.clientIp("10.0.0.1", "198.51.100.7, not-an-ip")).isEqualTo("10.0.0.1");
        assertThat(proxies.clientIp("10.0.0.1", "unknown")).isEqualTo("10.0.0.1");
        assertThat(proxies.clientIp("10.0.0.1", "198.51.100.7, ")).isEqualTo("10.0.0.1");
        assertThat(proxies.clientIp("10.0.0.1", "<script>")).isEqualTo("10.0.0.1");
        assertThat(proxies.clientIp("10.0.0.1", "198.51.100.7:8080")).isEqualTo("10.0.0.1");
        assertThat(proxies.clientIp("10.0.0.1", "x".repeat(100))).isEqualTo("10.0.0.1");
    }

    @Test
    void ipv6LoopbackRangeIsTrusted() {
        assertThat(proxies.isTrusted("::1")).isTrue();
        assertThat(proxies.isTrusted("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(proxies.isTrusted("::2")).isFalse();
        assertThat(proxies.clientIp("::1", "2001:db8::42")).isEqualTo("2001:db8::42");
        assertThat(proxies.clientIp("2001:db8::99", "2001:db8::42")).isEqualTo("2001:db8::99");
        // an IPv6 range never matches an IPv4 address and vice versa
        assertThat(TrustedProxies.parse("T", "::/0").isTrusted("10.0.0.1")).isFalse();
        assertThat(TrustedProxies.parse("T", "0.0.0.0/0").isTrusted("2001:db8::1")).isFalse();
    }

    @Test
    void ipv6PeerInJettysBracketedFormIsTrusted() {
        assertThat(proxies.isTrusted("[0:0:0:0:0:0:0:1]")).isTrue();
        assertThat(proxies.clientIp("[0:0:0:0:0:0:0:1]", "198.51.100.7")).isEqualTo("198.51.100.7");
    }

    @Test
    void cidrBoundariesAreExact() {
        TrustedProxies ranges = TrustedProxies.parse("T", "172.16.0.0/12,10.0.0.1");
        assertThat(ranges.isTrusted("172.16.0.1")).isTrue();
        assertThat(ranges.isTrusted("172.31.255.255")).isTrue();
        assertThat(ranges.isTrusted("172.32.0.0")).isFalse();
        assertThat(ranges.isTrusted("172.15.255.255")).isFalse();
        assertThat(ranges.isTrusted("10.0.0.1")).isTrue(); // no prefix = single host
        assertThat(ranges.isTrusted("10.0.0.2")).isFalse();
        assertThat(ranges.isTrusted(null)).isFalse();
        assertThat(ranges.isTrusted("")).isFalse();
    }

    @Test
    void aBadCidrIsAConfigExceptionNamingTheVariable() {
        for (String bad : new String[] {"10.0.0.0/33", "::1/129", "10.0.0.0/-1", "10.0.0.0/x", "example.org/8", "10.0.0.0/8,nope"}) {
            assertThatThrownBy(() -> TrustedProxies.parse("TRUSTED_PROXIES", bad))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("TRUSTED_PROXIES");
        }
        assertThat(TrustedProxies.parse("TRUSTED_PROXIES", " , ").isTrusted("127.0.0.1")).isFalse();
    }
}
