package dev.portalsuite.portal.scope;

import java.util.UUID;

/** The placement of one organisation in the hierarchy: enough to decide scope questions about it. */
public record OrgRef(UUID id, String type, String name, String status, UUID parentId, UUID msspId, UUID mspId) {

    /** The organisation and its ancestors, nearest first. */
    public java.util.List<UUID> selfAndAncestors() {
        java.util.List<UUID> chain = new java.util.ArrayList<>(3);
        chain.add(id);
        if (mspId != null && !mspId.equals(id)) {
            chain.add(mspId);
        }
        if (!msspId.equals(id)) {
            chain.add(msspId);
        }
        return chain;
    }
}
