package dev.portalsuite.auth.invite;

import java.time.Instant;
import java.util.UUID;

/** The one response that shows an invite's token. */
public record CreatedInviteResponse(UUID id, String email, String role, UUID orgId, String orgType, Instant expiresAt,
                                    String inviteToken) {
}
