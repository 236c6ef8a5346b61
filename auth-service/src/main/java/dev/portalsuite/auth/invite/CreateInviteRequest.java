package dev.portalsuite.auth.invite;

import java.util.UUID;

/** {@code orgId} is required for the organisation-scoped roles and must be absent (or null) for admin and user. */
public record CreateInviteRequest(String email, String role, UUID orgId) {
}
