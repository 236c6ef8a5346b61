package dev.portalsuite.portal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SyncPlanTest {
    private static final UUID MSSP = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
    private static final UUID OTHER_MSSP = UUID.fromString("00000000-0000-0000-0000-0000000000bb");

    private final AtomicInteger next = new AtomicInteger(1);
    private final Supplier<UUID> ids = () -> new UUID(0, next.getAndIncrement());

    private static SyncRecord rec(int index, String id, String type, String parent) {
        return new SyncRecord(index, id, type, "Name " + id, parent, null, false, 0, 0, 0);
    }

    @Test
    void mspsHangUnderTheMsspAndClientsUnderTheirMspEvenWhenListedFirst() {
        SyncPlan plan = SyncPlan.plan(MSSP, null,
                List.of(rec(0, "c1", "CLIENT", "m1"), rec(1, "m1", "MSP", null), rec(2, "c2", "CLIENT", null)),
                List.of(), Map.of(), ids);

        assertThat(plan.rejections).isEmpty();
        assertThat(plan.pending).isEmpty();
        SyncPlan.OrgWrite msp = plan.writes.get("m1");
        assertThat(msp.parentId()).isEqualTo(MSSP);
        assertThat(msp.mspId()).isEqualTo(msp.id());
        SyncPlan.OrgWrite client = plan.writes.get("c1");
        assertThat(client.parentId()).isEqualTo(msp.id());
        assertThat(client.parentType()).isEqualTo("MSP");
        assertThat(client.msspId()).isEqualTo(MSSP);
        SyncPlan.OrgWrite direct = plan.writes.get("c2");
        assertThat(direct.parentId()).isEqualTo(MSSP);
        assertThat(direct.parentType()).isEqualTo("MSSP");
        assertThat(direct.mspId()).isNull();
    }

    @Test
    void aClientNamingTheMsspsOwnExternalIdHangsUnderTheMssp() {
        SyncPlan plan = SyncPlan.plan(MSSP, "reseller-1", List.of(rec(0, "c1", "CLIENT", "reseller-1")), List.of(),
                Map.of(), ids);
        assertThat(plan.writes.get("c1").parentId()).isEqualTo(MSSP);
    }

    @Test
    void aClientWhoseParentIsUnknownWaits() {
        SyncPlan plan = SyncPlan.plan(MSSP, null, List.of(rec(0, "c1", "CLIENT", "m9")), List.of(), Map.of(), ids);
        assertThat(plan.writes).isEmpty();
        assertThat(plan.pending).extracting(SyncRecord::externalId).containsExactly("c1");
    }

    @Test
    void heldBackClientsResolveWhenTheirParentArrivesAndAreCounted() {
        SyncRecord waiting = new SyncRecord(null, "c1", "CLIENT", "Client", "m1", null, false, 0, 0, 0);
        SyncPlan plan = SyncPlan.plan(MSSP, null, List.of(rec(0, "m1", "MSP", null)), List.of(waiting), Map.of(), ids);
        assertThat(plan.writes).containsKeys("m1", "c1");
        assertThat(plan.resolvedPending).isEqualTo(1);
    }

    @Test
    void existingOrganisationsKeepTheirIdsAndExistingParentsAreUsed() {
        UUID existingMsp = UUID.randomUUID();
        UUID existingClient = UUID.randomUUID();
        Map<String, SyncDao.Existing> existing = Map.of(
                "m1", new SyncDao.Existing("m1", existingMsp, "MSP", MSSP, true),
                "c1", new SyncDao.Existing("c1", existingClient, "CLIENT", MSSP, false));
        SyncPlan plan = SyncPlan.plan(MSSP, null, List.of(rec(0, "c1", "CLIENT", "m1")), List.of(), existing, ids);
        assertThat(plan.writes.get("c1").id()).isEqualTo(existingClient);
        assertThat(plan.writes.get("c1").parentId()).isEqualTo(existingMsp);
    }

    @Test
    void conflictsAreRejectedWithReasons() {
        Map<String, SyncDao.Existing> existing = Map.of(
                "foreign", new SyncDao.Existing("foreign", UUID.randomUUID(), "CLIENT", OTHER_MSSP, false),
                "top", new SyncDao.Existing("top", MSSP, "MSSP", MSSP, true),
                "busy", new SyncDao.Existing("busy", UUID.randomUUID(), "MSP", MSSP, true),
                "foreign-msp", new SyncDao.Existing("foreign-msp", UUID.randomUUID(), "MSP", OTHER_MSSP, false));
        SyncPlan plan = SyncPlan.plan(MSSP, null, List.of(
                rec(0, "foreign", "CLIENT", null),
                rec(1, "top", "MSP", null),
                rec(2, "busy", "CLIENT", null),
                rec(3, "c1", "CLIENT", "c2"),
                rec(4, "c2", "CLIENT", null),
                rec(5, "c3", "CLIENT", "foreign-msp")), List.of(), existing, ids);

        assertThat(plan.rejections).extracting(RejectedRecord::externalId)
                .containsExactlyInAnyOrder("foreign", "top", "busy", "c1", "c3");
        assertThat(plan.rejections).extracting(RejectedRecord::reason).anySatisfy(r -> assertThat(r).contains("another MSSP"));
        assertThat(plan.rejections).extracting(RejectedRecord::reason).anySatisfy(r -> assertThat(r).contains("is a CLIENT"));
        assertThat(plan.rejections).extracting(RejectedRecord::reason)
                .anySatisfy(r -> assertThat(r).contains("cannot become a CLIENT"));
        assertThat(plan.writes).containsOnlyKeys("c2");
    }
}
