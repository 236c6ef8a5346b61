package dev.portalsuite.portal.scope;

import java.util.UUID;

/** The placement of one organisation in the hierarchy: enough to decide scope questions about it. */
public record OrgRef(UUID id, String type, String name, String status, UUID parentId, UUID msspId, UUID mspId) {
}
