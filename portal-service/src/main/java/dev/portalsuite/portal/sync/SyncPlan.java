package dev.portalsuite.portal.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Decides, without touching the database, what one batch does: which organisations are written (with
 * their parent and ancestor columns, as the database's hierarchy constraints require), which clients wait
 * for a parent that has not arrived yet, and which records are rejected and why.
 *
 * <p>Placement: every MSP hangs under the run's MSSP ({@code parentExternalId} is ignored for MSPs). A
 * client hangs under the MSP named by {@code parentExternalId}, or under the MSSP when it names none or the
 * MSSP's own external id. A client whose parent is neither in this batch nor already known waits (pending)
 * until its parent arrives in a later batch of the run.
 */
final class SyncPlan {
    /** One row of the set-based upsert. */
    record OrgWrite(UUID id, SyncRecord record, UUID parentId, String parentType, UUID msspId, UUID mspId) {
    }

    final Map<String, OrgWrite> writes = new LinkedHashMap<>();
    final List<SyncRecord> pending = new ArrayList<>();
    final List<RejectedRecord> rejections = new ArrayList<>();
    int resolvedPending;

    private final UUID msspId;
    private final String msspExternalId;
    private final Map<String, SyncDao.Existing> existing;
    private final Supplier<UUID> newIds;

    private SyncPlan(UUID msspId, String msspExternalId, Map<String, SyncDao.Existing> existing, Supplier<UUID> newIds) {
        this.msspId = msspId;
        this.msspExternalId = msspExternalId;
        this.existing = existing;
        this.newIds = newIds;
    }

    /**
     * @param batch this batch's valid records, unique by external id, in batch order
     * @param heldBack clients held back by earlier batches whose parent may be in this batch
     * @param existing the source's organisations by external id (for the batch's ids, parent ids and held-back ids)
     */
    static SyncPlan plan(UUID msspId, String msspExternalId, List<SyncRecord> batch, List<SyncRecord> heldBack,
                         Map<String, SyncDao.Existing> existing, Supplier<UUID> newIds) {
        SyncPlan plan = new SyncPlan(msspId, msspExternalId, existing, newIds);
        Map<String, String> batchTypes = new LinkedHashMap<>();
        batch.forEach(r -> batchTypes.put(r.externalId(), r.type()));

        for (SyncRecord record : batch) {
            if (record.type().equals("MSP")) {
                plan.placeMsp(record);
            }
        }
        for (SyncRecord record : batch) {
            if (record.type().equals("CLIENT")) {
                plan.placeClient(record, batchTypes, false);
            }
        }
        for (SyncRecord record : heldBack) {
            plan.placeClient(record, batchTypes, true);
        }
        return plan;
    }

    private void placeMsp(SyncRecord record) {
        SyncDao.Existing current = existing.get(record.externalId());
        String conflict = conflict(record, current);
        if (conflict != null) {
            reject(record, conflict);
            return;
        }
        UUID id = current == null ? newIds.get() : current.id();
        writes.put(record.externalId(), new OrgWrite(id, record, msspId, "MSSP", msspId, id));
    }

    private void placeClient(SyncRecord record, Map<String, String> batchTypes, boolean wasHeldBack) {
        SyncDao.Existing current = existing.get(record.externalId());
        String conflict = conflict(record, current);
        if (conflict != null) {
            reject(record, conflict);
            return;
        }
        UUID id = current == null ? newIds.get() : current.id();
        String parent = record.parentExternalId();
        if (parent == null || parent.equals(msspExternalId)) {
            write(new OrgWrite(id, record, msspId, "MSSP", msspId, null), wasHeldBack);
            return;
        }
        OrgWrite parentInBatch = writes.get(parent);
        if (parentInBatch != null && parentInBatch.record().type().equals("MSP")) {
            write(new OrgWrite(id, record, parentInBatch.id(), "MSP", msspId, parentInBatch.id()), wasHeldBack);
            return;
        }
        if ("CLIENT".equals(batchTypes.get(parent))) {
            reject(record, "parent '" + parent + "' is a CLIENT; a client's parent must be an MSP or the MSSP");
            return;
        }
        SyncDao.Existing known = existing.get(parent);
        if (known != null) {
            if (!known.msspId().equals(msspId)) {
                reject(record, "parent '" + parent + "' is not an organisation of this run's MSSP");
            } else if (known.type().equals("MSP")) {
                write(new OrgWrite(id, record, known.id(), "MSP", msspId, known.id()), wasHeldBack);
            } else if (known.type().equals("MSSP")) {
                write(new OrgWrite(id, record, msspId, "MSSP", msspId, null), wasHeldBack);
            } else {
                reject(record, "parent '" + parent + "' is a CLIENT; a client's parent must be an MSP or the MSSP");
            }
            return;
        }
        pending.add(record); // the parent may still arrive in a later batch of this run
    }

    private void write(OrgWrite write, boolean wasHeldBack) {
        writes.put(write.record().externalId(), write);
        if (wasHeldBack) {
            resolvedPending++;
        }
    }

    /** Why a record may not touch the organisation its external id already names, or null. */
    private String conflict(SyncRecord record, SyncDao.Existing current) {
        if (current == null) {
            return null;
        }
        if (current.type().equals("MSSP")) {
            return "externalId '" + record.externalId() + "' is an MSSP organisation";
        }
        if (!Objects.equals(current.msspId(), msspId)) {
            return "externalId '" + record.externalId() + "' belongs to an organisation of another MSSP";
        }
        if (current.type().equals("MSP") && record.type().equals("CLIENT") && current.hasChildren()) {
            return "'" + record.externalId() + "' has organisations below it and cannot become a CLIENT";
        }
        return null;
    }

    private void reject(SyncRecord record, String reason) {
        rejections.add(new RejectedRecord(record.index(), record.externalId(), reason));
    }
}
