package dev.portalsuite.auth.mfa.totp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 6238's SHA-1 test vectors (truncated to our six digits), the ±1 step window and RFC 4648 base32. */
class TotpAlgorithmTest {
    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private final TotpAlgorithm totp = new TotpAlgorithm();

    @Test
    void rfc6238Vectors() {
        // RFC 6238 appendix B, SHA-1, 8 digits: 94287082, 07081804, 14050471, 89005924; six digits are the last six
        assertThat(totp.code(RFC_SECRET, TotpAlgorithm.stepOf(Instant.ofEpochSecond(59)))).isEqualTo("287082");
        assertThat(totp.code(RFC_SECRET, TotpAlgorithm.stepOf(Instant.ofEpochSecond(1111111109)))).isEqualTo("081804");
        assertThat(totp.code(RFC_SECRET, TotpAlgorithm.stepOf(Instant.ofEpochSecond(1111111111)))).isEqualTo("050471");
        assertThat(totp.code(RFC_SECRET, TotpAlgorithm.stepOf(Instant.ofEpochSecond(1234567890)))).isEqualTo("005924");
    }

    @Test
    void acceptsOneStepOfDriftEitherWayAndNothingElse() {
        Instant now = Instant.ofEpochSecond(1234567890);
        long step = TotpAlgorithm.stepOf(now);
        assertThat(totp.matchingStep(RFC_SECRET, totp.code(RFC_SECRET, step), now)).hasValue(step);
        assertThat(totp.matchingStep(RFC_SECRET, totp.code(RFC_SECRET, step - 1), now)).hasValue(step - 1);
        assertThat(totp.matchingStep(RFC_SECRET, totp.code(RFC_SECRET, step + 1), now)).hasValue(step + 1);
        assertThat(totp.matchingStep(RFC_SECRET, totp.code(RFC_SECRET, step - 2), now)).isEmpty();
        assertThat(totp.matchingStep(RFC_SECRET, totp.code(RFC_SECRET, step + 2), now)).isEmpty();
        assertThat(totp.matchingStep(RFC_SECRET, "12345", now)).isEmpty();
        assertThat(totp.matchingStep(RFC_SECRET, "abcdef", now)).isEmpty();
        assertThat(totp.matchingStep(RFC_SECRET, null, now)).isEmpty();
    }

    @Test
    void base32IsRfc4648WithoutPadding() {
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(Base32.encode("f".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MY");
        assertThat(TotpAlgorithm.base32(RFC_SECRET)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }
}
