package dev.portalsuite.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalsuite.shared.testing.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The verified-token cache: keyed by the token, bounded, gone at the earlier of the token's exp and 30 s. */
class TokenVerifierCacheTest {
    private static final Instant START = Instant.parse("2026-11-22T10:15:30Z");
    private static final JwtSettings SETTINGS = new JwtSettings("portal-suite", "portal-suite", Duration.ofSeconds(30));
    private static final SigningKey KEY = RsaKeys.generate();

    private final TestClock clock = new TestClock(START);
    private final AtomicInteger keyLookups = new AtomicInteger();
    private final TokenVerifier verifier = TokenVerifier.withKeyLookup(kid -> {
        keyLookups.incrementAndGet(); // once per signature check
        return KEY.kid().equals(kid) ? KEY.publicKey() : null;
    }, SETTINGS, clock);

    private static String token(Instant issuedAt, Duration ttl, String subject) {
        return new TokenIssuer(KEY, SETTINGS, Clock.fixed(issuedAt, ZoneOffset.UTC)).issue(new AccessTokenClaims(
                subject, UUID.randomUUID().toString(), "ann@example.com", "Ann", List.of("user"), null, null, List.of(), ttl))
                .token();
    }

    @Test
    void aTokenSeenAgainIsNotCheckedAgainUntil30SecondsHavePassed() {
        String token = token(START, Duration.ofMinutes(15), "ann");
        Principal first = verifier.verify(token);
        clock.advance(Duration.ofSeconds(29));
        assertThat(verifier.verify(token)).isEqualTo(first);
        assertThat(keyLookups).as("the second use came from the cache").hasValue(1);

        clock.advance(Duration.ofSeconds(2));
        assertThat(verifier.cachedTokens()).isZero();
        assertThat(verifier.verify(token)).isEqualTo(first);
        assertThat(keyLookups).as("after 30 s the signature is checked again").hasValue(2);
    }

    @Test
    void aCachedTokenLeavesTheCacheAtItsExpiryAndIsThenRefusedExactlyAsWithoutTheCache() {
        String token = token(START, Duration.ofSeconds(10), "ann");
        verifier.verify(token);
        clock.advance(Duration.ofSeconds(11));
        assertThat(verifier.cachedTokens()).as("gone at exp, before the 30 s").isZero();
        verifier.verify(token); // within the 30 s of allowed clock skew, as before the cache
        assertThat(keyLookups).hasValue(2);
        clock.advance(Duration.ofSeconds(30));
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void onlyTheExactTokenHitsAndFailuresAreNotRemembered() {
        String token = token(START, Duration.ofMinutes(15), "ann");
        verifier.verify(token);
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        assertThatThrownBy(() -> verifier.verify(tampered)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> verifier.verify(tampered)).isInstanceOf(InvalidTokenException.class);
        assertThat(verifier.cachedTokens()).isEqualTo(1);
    }

    @Test
    void holdsAtMostCacheSizeTokens() {
        for (int i = 0; i < TokenVerifier.CACHE_SIZE + 50; i++) {
            verifier.verify(token(START, Duration.ofMinutes(15), "user-" + i));
        }
        assertThat(verifier.cachedTokens()).isLessThanOrEqualTo(TokenVerifier.CACHE_SIZE);
    }
}
