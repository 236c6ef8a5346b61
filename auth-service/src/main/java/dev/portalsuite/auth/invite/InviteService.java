package dev.portalsuite.auth.invite;

import dev.portalsuite.auth.account.EmailAddress;
import dev.portalsuite.auth.account.User;
import dev.portalsuite.auth.account.Users;
import dev.portalsuite.auth.audit.AuditAction;
import dev.portalsuite.auth.audit.AuditEntry;
import dev.portalsuite.auth.mail.MailTemplates;
import dev.portalsuite.auth.mail.Outbox;
import dev.portalsuite.auth.mail.OutgoingMail;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.security.OpaqueTokens;
import dev.portalsuite.shared.security.OrgType;
import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.FieldError;
import dev.portalsuite.shared.web.Page;
import dev.portalsuite.shared.web.Pagination;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Invites: who may grant what, where.
 * <ul>
 *   <li>{@code admin}: any role; {@code orgId} is required for the organisation-scoped roles (mssp, msp, client,
 *       inventory) and must be absent for admin and user.</li>
 *   <li>{@code mssp} (its organisation an MSSP): mssp, msp, client, inventory inside its MSSP's subtree.</li>
 *   <li>{@code msp} (its organisation an MSP): msp, client, inventory inside its MSP's subtree.</li>
 * </ul>
 * {@code inventory} users belong to a client organisation, so whoever may invite a client may invite them.
 * The role must fit the organisation's type (mssp → MSSP, msp → MSP, client/inventory → CLIENT). Whether the
 * organisation lies in the inviter's scope is asked of portal-service with the inviter's own token; when it
 * cannot answer, nothing is written (503).
 */
public final class InviteService {
    /** Every role a person can hold, in the order they are listed to the user. */
    static final List<String> ROLES = Arrays.stream(Role.values()).filter(r -> r != Role.SERVICE).map(Role::claim).toList();
    static final Set<String> STATUSES = Set.of("PENDING", "ACCEPTED", "EXPIRED", "REVOKED");
    private static final int MAX_PATH = 3;

    private final Jdbi jdbi;
    private final Clock clock;
    private final Users users;
    private final OrgDirectory directory;
    private final AuditLog<AuditEntry> audit;
    private final Duration ttl;
    private final Outbox outbox;
    private final MailTemplates templates;

    public InviteService(Jdbi jdbi, Clock clock, Users users, OrgDirectory directory, AuditLog<AuditEntry> audit,
                         Duration ttl, Outbox outbox, MailTemplates templates) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.users = users;
        this.directory = directory;
        this.audit = audit;
        this.ttl = ttl;
        this.outbox = outbox;
        this.templates = templates;
    }

    /**
     * @param bearerToken the inviter's own access token, forwarded to portal-service for the scope check
     */
    public CreatedInviteResponse create(UUID inviterId, String bearerToken, CreateInviteRequest request,
                                        Caller caller) {
        List<FieldError> errors = new ArrayList<>();
        Optional<String> email = EmailAddress.parse(request.email());
        if (request.email() == null) {
            errors.add(new FieldError("email", "is required"));
        } else if (email.isEmpty()) {
            errors.add(new FieldError("email", "is not a valid email address"));
        }
        String role = request.role();
        if (role == null) {
            errors.add(new FieldError("role", "is required"));
        } else if (!ROLES.contains(role)) {
            errors.add(new FieldError("role", "must be one of " + String.join(", ", ROLES)));
            role = null;
        }
        String orgType = Role.fromClaim(role).flatMap(Role::orgType).map(OrgType::name).orElse(null);
        if (role != null && orgType != null && request.orgId() == null) {
            errors.add(new FieldError("orgId", "is required for role " + role));
        } else if (role != null && orgType == null && request.orgId() != null) {
            errors.add(new FieldError("orgId", "must be absent for role " + role + " (it belongs to no organisation)"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        User inviter = users.byId(inviterId).filter(u -> !u.disabled())
                .orElseThrow(() -> ApiException.forbidden("Your account may not invite."));
        if (!grantable(inviter).contains(role)) {
            throw ApiException.forbidden("Your role may not grant role " + role + ".");
        }

        List<UUID> path = List.of();
        String orgName = null;
        if (request.orgId() != null) {
            OrgDirectory.Org org = directory.find(request.orgId(), bearerToken).orElseThrow(() -> inviter.isAdmin()
                    ? ApiException.invalidField("orgId", "no such organisation")
                    : ApiException.forbidden("That organisation is not in your scope."));
            if (!org.type().equals(orgType)) {
                throw ApiException.invalidField("role", "role " + role + " belongs to an organisation of type " + orgType
                        + "; this organisation is of type " + org.type());
            }
            if (!"ACTIVE".equals(org.status())) {
                throw ApiException.conflict("The organisation is archived; reactivate it before inviting into it.");
            }
            path = pathOf(org, bearerToken);
            orgName = org.name() == null ? "organisation " + org.id() : org.name();
        }

        String token = OpaqueTokens.generate();
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        String grantedRole = role;
        String grantedOrgType = orgType;
        UUID[] orgPath = path.toArray(UUID[]::new);
        OutgoingMail mail = templates.invite(email.get(), inviter.fullName(), inviter.email(), orgName, grantedRole, token, expiresAt);
        jdbi.useTransaction(handle -> {
            InviteDao dao = handle.attach(InviteDao.class);
            dao.lockEmail(email.get());
            if (dao.accountExists(email.get())) {
                throw ApiException.conflict("An account with this email already exists.");
            }
            if (dao.openInviteExists(email.get(), request.orgId(), now)) {
                throw ApiException.conflict("A pending invite for this email and organisation exists; revoke it first.");
            }
            dao.insert(id, email.get(), grantedRole, request.orgId(), grantedOrgType, orgPath, OpaqueTokens.sha256(token),
                    inviterId, now, expiresAt);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("inviteId", id.toString());
            details.put("role", grantedRole);
            details.put("orgId", request.orgId() == null ? null : request.orgId().toString());
            details.put("expiresAt", expiresAt.toString());
            audit.record(handle, AuditAction.INVITE_CREATED, new AuditEntry(null, inviterId, email.get()), caller,
                    details);
            outbox.enqueue(handle, mail);
        });
        return new CreatedInviteResponse(id, email.get(), grantedRole, request.orgId(), grantedOrgType, expiresAt, token);
    }

    /** Admins see every invite; mssp and msp users those into their organisation or anywhere below it. */
    public Page<InviteResponse> list(UUID callerId, String status, Pagination page) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.invalidField("status", "must be one of PENDING, ACCEPTED, EXPIRED, REVOKED");
        }
        Optional<User> revoker = users.byId(callerId).filter(u -> !u.disabled());
        boolean all = revoker.map(User::isAdmin).orElse(false);
        UUID org = revoker.map(User::orgId).orElse(null);
        if (!all && org == null) {
            return Page.of(List.of(), 0, page);
        }
        Instant now = clock.instant();
        return jdbi.withExtension(InviteDao.class, dao -> Page.of(
                dao.list(all, org, status, now, page.limit(), page.offset()).stream().map(InviteResponse::of).toList(),
                dao.count(all, org, status, now),
                page));
    }

    /** Revokes a pending (or expired) invite; idempotent for a revoked one; 404 outside the caller's scope. */
    public void revoke(UUID callerId, UUID inviteId, Caller caller) {
        Optional<User> revoker = users.byId(callerId).filter(u -> !u.disabled());
        boolean all = revoker.map(User::isAdmin).orElse(false);
        UUID org = revoker.map(User::orgId).orElse(null);
        jdbi.useTransaction(handle -> {
            InviteDao dao = handle.attach(InviteDao.class);
            Instant now = clock.instant();
            InviteDao.Row row = (all || org != null ? dao.lockVisible(inviteId, all, org, now) : Optional.<InviteDao.Row>empty())
                    .orElseThrow(() -> ApiException.notFound("No invite with this id."));
            if (row.acceptedAt() != null) {
                throw ApiException.conflict("The invite was already accepted; change the user's role instead.");
            }
            if (row.revokedAt() != null) {
                return;
            }
            dao.revoke(inviteId, callerId, now);
            audit.record(handle, AuditAction.INVITE_REVOKED, new AuditEntry(null, callerId, row.email()), caller,
                    Map.of("inviteId", inviteId.toString()));
        });
    }

    /** The roles an inviter may grant; an mssp or msp role counts only when the inviter's organisation matches it. */
    static Set<String> grantable(User inviter) {
        Set<String> roles = new LinkedHashSet<>();
        if (inviter.isAdmin()) {
            roles.addAll(ROLES);
            return roles;
        }
        if (inviter.roles().contains("mssp") && "MSSP".equals(inviter.orgType()) && inviter.orgId() != null) {
            roles.addAll(List.of("mssp", "msp", "client", "inventory"));
        }
        if (inviter.roles().contains("msp") && "MSP".equals(inviter.orgType()) && inviter.orgId() != null) {
            roles.addAll(List.of("msp", "client", "inventory"));
        }
        return roles;
    }

    /**
     * The organisation and its ancestors, nearest first (at most three: client, MSP, MSSP). The parent of every
     * visible organisation is known from its document; an ancestor the inviter may not read (above its own
     * organisation) ends the walk — its id is still recorded.
     */
    private List<UUID> pathOf(OrgDirectory.Org org, String bearerToken) {
        List<UUID> path = new ArrayList<>();
        path.add(org.id());
        OrgDirectory.Org current = org;
        while (current != null && current.parentId() != null && path.size() < MAX_PATH) {
            if (path.contains(current.parentId())) {
                break;
            }
            path.add(current.parentId());
            current = path.size() < MAX_PATH ? directory.find(current.parentId(), bearerToken).orElse(null) : null;
        }
        return List.copyOf(path);
    }
}
