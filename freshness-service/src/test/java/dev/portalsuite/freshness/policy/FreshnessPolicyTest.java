package dev.portalsuite.freshness.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class FreshnessPolicyTest {

    @Test
    void theDefaultPolicyIsTheClassicOne() {
        FreshnessPolicy policy = FreshnessPolicy.DEFAULT;
        assertThat(policy.freshMaxDays()).isEqualTo(2);
        assertThat(policy.cautionMaxDays()).isEqualTo(4);
        LocalDate arrival = LocalDate.parse("2026-02-27");
        assertThat(policy.freshUntil(arrival)).isEqualTo("2026-03-01");
        assertThat(policy.expiresOn(arrival)).isEqualTo("2026-03-04");
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
        assertThat(new FreshnessPolicy(0, 1).expiresOn(LocalDate.parse("2026-01-01"))).isEqualTo("2026-01-03");
    }
}
