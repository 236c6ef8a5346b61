package dev.portalsuite.shared.web;

import dev.portalsuite.shared.config.ConfigException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * CIDR ranges of reverse proxies whose {@code X-Forwarded-For} we believe. The client IP is the
 * right-most address in the chain that is not itself a trusted proxy, so a client cannot spoof
 * its address by sending its own header.
 */
public final class TrustedProxies {
    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    public static TrustedProxies parse(String variable, String cidrList) {
        List<Range> ranges = new ArrayList<>();
        for (String part : cidrList.split(",")) {
            String cidr = part.trim();
            if (cidr.isEmpty()) {
                continue;
            }
            try {
                ranges.add(Range.parse(cidr));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(variable + " has an invalid CIDR '" + cidr + "': " + e.getMessage());
            }
        }
        return new TrustedProxies(ranges);
    }

    public boolean isTrusted(String address) {
        byte[] bytes = literalBytes(address);
        return bytes != null && ranges.stream().anyMatch(r -> r.contains(bytes));
    }

    /** The client address for a request that arrived from {@code peer} carrying {@code forwardedFor}. */
    public String clientIp(String peer, String forwardedFor) {
        if (forwardedFor == null || forwardedFor.isBlank() || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (literalBytes(hop) == null) {
                return peer; // malformed header: do not trust any of it
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return hops[0].trim();
    }

    /** Parses an IP literal without DNS lookups; null when it is not one. */
    static byte[] literalBytes(String raw) {
        // Jetty reports IPv6 peers in brackets: [0:0:0:0:0:0:0:1]
        String address = raw != null && raw.startsWith("[") && raw.endsWith("]") ? raw.substring(1, raw.length() - 1) : raw;
        if (address == null || address.isEmpty() || address.length() > 45
                || !address.matches("[0-9A-Fa-f:.]+")
                || (!address.contains(":") && !address.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
            return null; // only literals: never let InetAddress fall back to a DNS lookup
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Range(byte[] network, int prefix) {
        static Range parse(String cidr) {
            String[] parts = cidr.split("/", 2);
            byte[] network = literalBytes(parts[0]);
            if (network == null) {
                throw new IllegalArgumentException("not an IP address");
            }
            int prefix = network.length * 8;
            if (parts.length == 2) {
                try {
                    prefix = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad prefix length");
                }
                if (prefix < 0 || prefix > network.length * 8) {
                    throw new IllegalArgumentException("bad prefix length");
                }
            }
            return new Range(network, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefix / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int remaining = prefix % 8;
            if (remaining == 0) {
                return true;
            }
            int mask = (0xFF << (8 - remaining)) & 0xFF;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }
}
