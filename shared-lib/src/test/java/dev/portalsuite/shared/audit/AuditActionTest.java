package dev.portalsuite.shared.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditActionTest {
    enum Conventional implements AuditAction { BATCH_CREATED, SYNC_RUN_STARTED, LOGOUT }

    enum Chosen implements AuditAction {
        REGISTERED;

        @Override
        public String code() {
            return "register";
        }
    }

    @Test
    void theCodeIsTheNameInLowerCaseWithTheLastUnderscoreAsADot() {
        assertThat(Conventional.BATCH_CREATED.code()).isEqualTo("batch.created");
        assertThat(Conventional.SYNC_RUN_STARTED.code()).isEqualTo("sync_run.started");
        assertThat(Conventional.LOGOUT.code()).isEqualTo("logout");
    }

    @Test
    void aConstantMayChooseItsCode() {
        assertThat(Chosen.REGISTERED.code()).isEqualTo("register");
    }
}
