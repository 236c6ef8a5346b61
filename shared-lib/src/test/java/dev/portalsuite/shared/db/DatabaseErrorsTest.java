package dev.portalsuite.shared.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseErrorsTest {

    @Test
    void foreignKeyCheckAndUniqueViolationsAreIntegrityViolations() {
        assertThat(DatabaseErrors.isIntegrityViolation(new SQLException("fk", "23503"))).isTrue();
        assertThat(DatabaseErrors.isIntegrityViolation(new SQLException("check", "23514"))).isTrue();
        assertThat(DatabaseErrors.isIntegrityViolation(new SQLException("unique", "23505"))).isTrue();
    }

    @Test
    void aViolationDeepInTheCauseChainCounts() {
        SQLException violation = new SQLException("violates check constraint orgs_hierarchy", "23514");
        RuntimeException wrapped = new RuntimeException("statement failed", new IllegalStateException("jdbi", violation));
        assertThat(DatabaseErrors.isIntegrityViolation(wrapped)).isTrue();
    }

    @Test
    void otherSqlStatesAndOtherErrorsAreNot() {
        assertThat(DatabaseErrors.isIntegrityViolation(new SQLException("not null", "23502"))).isFalse();
        assertThat(DatabaseErrors.isIntegrityViolation(new SQLException("serialization", "40001"))).isFalse();
        assertThat(DatabaseErrors.isIntegrityViolation(new SQLException("no state"))).isFalse();
        assertThat(DatabaseErrors.isIntegrityViolation(new RuntimeException("no cause"))).isFalse();
        assertThat(DatabaseErrors.isIntegrityViolation(null)).isFalse();
    }
}
