package dev.portalsuite.freshness.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class FreshnessPolicyTest {

    @Test
    void theDefaultPolicyIsTheClassicOne() {
        FreshnessPolicy policy = FreshnessPolicy.DEFAULT;
        assertThat(policy.statusAt(0)).isEqualTo(FreshnessStatus.FRESH);
        assertThat(policy.statusAt(2)).isEqualTo(FreshnessStatus.FRESH);
        assertThat(policy.statusAt(3)).isEqualTo(FreshnessStatus.CAUTION);
        assertThat(policy.statusAt(4)).isEqualTo(FreshnessStatus.CAUTION);
        assertThat(policy.statusAt(5)).isEqualTo(FreshnessStatus.EXPIRED);
        LocalDate arrival = LocalDate.parse("2026-02-27");
        assertThat(policy.freshUntil(arrival)).isEqualTo("2026-03-01");
        assertThat(policy.expiresOn(arrival)).isEqualTo("2026-03-04");
        assertThat(policy.statusAt((int) (policy.expiresOn(arrival).toEpochDay() - arrival.toEpochDay())))
                .isEqualTo(FreshnessStatus.EXPIRED);
        assertThat(policy.statusAt((int) (policy.freshUntil(arrival).toEpochDay() - arrival.toEpochDay())))
                .isEqualTo(FreshnessStatus.FRESH);
    }

    @Test
    void messages() {
        assertThat(FreshnessStatus.FRESH.message()).isEqualTo("Product is fresh and ready to consume");
        assertThat(FreshnessStatus.CAUTION.message()).isEqualTo("Product should be consumed soon");
        assertThat(FreshnessStatus.EXPIRED.message()).isEqualTo("Product is past expiration");
    }

    @Test
    void thresholdsMustBeOrdered() {
        assertThatThrownBy(() -> new FreshnessPolicy(3, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FreshnessPolicy(-1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FreshnessPolicy(1, 3651)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new FreshnessPolicy(0, 1).statusAt(1)).isEqualTo(FreshnessStatus.CAUTION);
    }
}
