package dev.portalsuite.portal.org;

import dev.portalsuite.portal.scope.OrgRef;
import java.util.UUID;

/**
 * Where an organisation hangs: its parent and ancestor columns, derived from the parent exactly as the
 * database's {@code orgs_hierarchy} constraint requires.
 */
record Placement(UUID parentId, String parentType, UUID msspId, UUID mspId) {

    static Placement of(UUID id, String type, OrgRef parent) {
        return switch (type) {
            case "MSSP" -> new Placement(null, null, id, null);
            case "MSP" -> new Placement(parent.id(), "MSSP", parent.id(), id);
            default -> parent.type().equals("MSSP")
                    ? new Placement(parent.id(), "MSSP", parent.id(), null)
                    : new Placement(parent.id(), "MSP", parent.msspId(), parent.id());
        };
    }

    static Placement of(OrgDao.Row row) {
        return new Placement(row.parentId(), row.parentType(), row.msspId(), row.mspId());
    }
}
