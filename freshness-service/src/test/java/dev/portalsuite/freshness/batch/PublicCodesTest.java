package dev.portalsuite.freshness.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PublicCodesTest {

    @Test
    void codesAreSixteenBase32CharactersAndDoNotRepeat() {
        PublicCodes codes = new PublicCodes();
        Set<String> seen = new HashSet<>();
        int[] perPosition = new int[32];
        for (int i = 0; i < 20_000; i++) {
            String code = codes.next();
            assertThat(code).matches("[a-z2-7]{16}");
            assertThat(seen.add(code)).isTrue();
            perPosition["abcdefghijklmnopqrstuvwxyz234567".indexOf(code.charAt(0))]++;
        }
        // 16 symbols of 32 = 80 bits; every symbol shows up in the first position
        assertThat(PublicCodes.LENGTH * Math.log(32) / Math.log(2)).isGreaterThanOrEqualTo(80);
        for (int count : perPosition) {
            assertThat(count).isPositive();
        }
    }

    @Test
    void normalisation() {
        assertThat(PublicCodes.normalise("ABCDEFGHIJKLMNOP")).isEqualTo("abcdefghijklmnop");
        assertThat(PublicCodes.normalise("abcdefghijklmno1")).isNull();
        assertThat(PublicCodes.normalise("abc")).isNull();
        assertThat(PublicCodes.normalise(null)).isNull();
        assertThat(PublicCodes.normalise("abcdefghijklmnop ")).isNull();
    }
}
