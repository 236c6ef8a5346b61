package dev.portalsuite.portal.scope;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ScopeTest {
    private final UUID mssp = UUID.randomUUID();
    private final UUID msp = UUID.randomUUID();
    private final OrgRef msspRef = new OrgRef(mssp, "MSSP", "M", "ACTIVE", null, mssp, null);
    private final OrgRef mspRef = new OrgRef(msp, "MSP", "P", "ACTIVE", mssp, mssp, msp);
    private final OrgRef clientOfMsp = new OrgRef(UUID.randomUUID(), "CLIENT", "C", "ACTIVE", msp, mssp, msp);
    private final OrgRef clientOfMssp = new OrgRef(UUID.randomUUID(), "CLIENT", "D", "ACTIVE", mssp, mssp, null);
    private final UUID otherMssp = UUID.randomUUID();
    private final OrgRef foreign = new OrgRef(UUID.randomUUID(), "CLIENT", "F", "ACTIVE", otherMssp, otherMssp, null);

    @Test
    void anMsspSeesItsWholeSubtreeAndNothingElse() {
        Scope scope = Scope.subtreeOf(msspRef);
        assertThat(scope.contains(msspRef)).isTrue();
        assertThat(scope.contains(mspRef)).isTrue();
        assertThat(scope.contains(clientOfMsp)).isTrue();
        assertThat(scope.contains(clientOfMssp)).isTrue();
        assertThat(scope.contains(foreign)).isFalse();
        assertThat(scope.containsStrictlyBelowRoot(msspRef)).isFalse();
        assertThat(scope.predicate("o")).isEqualTo("o.mssp_id = :scopeOrg");
    }

    @Test
    void anMspSeesItselfAndItsClientsButNotItsParentOrSiblings() {
        Scope scope = Scope.subtreeOf(mspRef);
        assertThat(scope.contains(mspRef)).isTrue();
        assertThat(scope.contains(clientOfMsp)).isTrue();
        assertThat(scope.contains(msspRef)).isFalse();
        assertThat(scope.contains(clientOfMssp)).isFalse();
        assertThat(scope.predicate("o")).isEqualTo("o.msp_id = :scopeOrg");
    }

    @Test
    void aClientSeesOnlyItself() {
        Scope scope = Scope.subtreeOf(clientOfMsp);
        assertThat(scope.contains(clientOfMsp)).isTrue();
        assertThat(scope.contains(mspRef)).isFalse();
        assertThat(scope.predicate("o")).isEqualTo("o.id = :scopeOrg");
    }

    @Test
    void allAndNone() {
        assertThat(Scope.all().contains(foreign)).isTrue();
        assertThat(Scope.none().contains(msspRef)).isFalse();
        assertThat(Scope.all().predicate("o")).isEqualTo("TRUE");
        assertThat(Scope.none().predicate("o")).isEqualTo("FALSE");
    }
}
