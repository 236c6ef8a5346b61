package dev.portalsuite.auth.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.auth.account.User;
import dev.portalsuite.auth.account.UserDao;
import dev.portalsuite.auth.account.Users;
import dev.portalsuite.auth.audit.AuditAction;
import dev.portalsuite.auth.audit.AuditEntry;
import dev.portalsuite.auth.invite.OrgDirectory;
import dev.portalsuite.auth.login.LockoutPolicy;
import dev.portalsuite.auth.session.SessionService;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.security.OrgType;
import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.FieldError;
import dev.portalsuite.shared.web.Inputs;
import dev.portalsuite.shared.web.Page;
import dev.portalsuite.shared.web.Pagination;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * User administration. Disabling or deleting a user revokes its sessions; the audit log keeps its history.
 * <ul>
 *   <li>Roles: a non-empty list of distinct person roles; {@code service} belongs to service clients only.</li>
 *   <li>Organisation: {@code orgId} and {@code orgType} are set (or cleared) together. A new organisation must
 *       exist and be of the given type, which is asked of portal-service with the admin's own token; when it
 *       cannot answer, nothing is written (503). An archived organisation takes no new members (409).</li>
 *   <li>An admin cannot disable itself or remove its own admin role (409).</li>
 * </ul>
 */
public final class AdminUserService {
    /** The roles a person can hold: every role except {@code service}, which only service clients carry. */
    static final List<String> PERSON_ROLES = Arrays.stream(Role.values()).filter(r -> r != Role.SERVICE)
            .map(Role::claim).toList();

    private final Jdbi jdbi;
    private final Clock clock;
    private final Users users;
    private final OrgDirectory directory;
    private final SessionService sessions;
    private final LockoutPolicy lockout;
    private final AuditLog<AuditEntry> audit;

    public AdminUserService(Jdbi jdbi, Clock clock, Users users, OrgDirectory directory, SessionService sessions,
                            LockoutPolicy lockout, AuditLog<AuditEntry> audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.users = users;
        this.directory = directory;
        this.sessions = sessions;
        this.lockout = lockout;
        this.audit = audit;
    }

    public Page<AdminUserResponse> list(String query, String role, Pagination page) {
        if (role != null && Role.fromClaim(role).isEmpty()) {
            throw ApiException.invalidField("role", "is not a known role");
        }
        if (query != null && query.length() > 200) {
            throw ApiException.invalidField("q", "must be at most 200 characters");
        }
        String like = query == null || query.isBlank() ? null : Inputs.likePattern(query.trim());
        return jdbi.withExtension(AdminUserDao.class, dao -> Page.of(
                dao.search(like, role, clock.instant(), page.limit(), page.offset()).stream()
                        .map(AdminUserResponse::of).toList(),
                dao.count(like, role),
                page));
    }

    public AdminUserResponse get(UUID id) {
        return jdbi.withExtension(AdminUserDao.class, dao -> dao.find(id, clock.instant()))
                .map(AdminUserResponse::of)
                .orElseThrow(() -> ApiException.notFound("No user with this id."));
    }

    /**
     * @param bearerToken the admin's own access token, forwarded to portal-service to look up a new organisation
     */
    public AdminUserResponse update(UUID actorId, String bearerToken, UUID id, UpdateUserRequest request,
                                    Caller caller) {
        User user = existing(id);
        List<FieldError> errors = new ArrayList<>();
        List<String> roles = request.roles() == null ? user.roles() : roles(request.roles(), errors);
        UUID orgId = user.orgId();
        String orgType = user.orgType();
        if (request.orgId() != null || request.orgType() != null) {
            orgId = orgId(request.orgId(), errors);
            orgType = orgType(request.orgType(), errors);
            if ((orgId == null) != (orgType == null)) {
                errors.add(new FieldError("orgType", "orgId and orgType must be given together (or both null)"));
            }
        }
        boolean disabled = request.disabled() == null ? user.disabled() : request.disabled();
        if (request.roles() == null && request.orgId() == null && request.orgType() == null && request.disabled() == null) {
            errors.add(new FieldError("roles", "give at least one of roles, orgId/orgType, disabled"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        if (id.equals(actorId) && (disabled || !roles.contains("admin"))) {
            throw ApiException.conflict("You cannot disable your own account or remove your own admin role.");
        }
        if (orgId != null && (!orgId.equals(user.orgId()) || !orgType.equals(user.orgType()))) {
            checkOrganisation(orgId, orgType, bearerToken);
        }
        UUID newOrgId = orgId;
        String newOrgType = orgType;
        jdbi.useTransaction(handle -> {
            handle.attach(UserDao.class).updateAccount(id, roles.toArray(String[]::new), newOrgId, newOrgType, disabled,
                    clock.instant());
            if (!Set.copyOf(roles).equals(Set.copyOf(user.roles()))) {
                audit.record(handle, AuditAction.ROLES_CHANGED, new AuditEntry(id, actorId, user.email()), caller,
                        Map.of("from", user.roles(), "to", roles));
            }
            if (!Objects.equals(newOrgId, user.orgId()) || !Objects.equals(newOrgType, user.orgType())) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("orgId", newOrgId == null ? null : newOrgId.toString());
                details.put("orgType", newOrgType);
                audit.record(handle, AuditAction.USER_UPDATED, new AuditEntry(id, actorId, user.email()), caller,
                        details);
            }
            if (disabled && !user.disabled()) {
                int revoked = sessions.revokeAll(handle, id, null, "user_disabled");
                audit.record(handle, AuditAction.USER_DISABLED, new AuditEntry(id, actorId, user.email()), caller,
                        Map.of("sessionsRevoked", revoked));
            } else if (!disabled && user.disabled()) {
                audit.record(handle, AuditAction.USER_ENABLED, new AuditEntry(id, actorId, user.email()), caller,
                        Map.of());
            }
        });
        return get(id);
    }

    public void delete(UUID actorId, UUID id, Caller caller) {
        if (id.equals(actorId)) {
            throw ApiException.conflict("You cannot delete your own account.");
        }
        User user = existing(id);
        jdbi.useTransaction(handle -> {
            int revoked = sessions.revokeAll(handle, id, null, "user_deleted");
            handle.attach(UserDao.class).delete(id);
            audit.record(handle, AuditAction.USER_DELETED, new AuditEntry(id, actorId, user.email()), caller,
                    Map.of("sessionsRevoked", revoked, "roles", user.roles()));
        });
    }

    public void unlock(UUID actorId, UUID id, Caller caller) {
        User user = existing(id);
        lockout.unlock(user.email());
        audit.record(AuditAction.USER_UNLOCKED, new AuditEntry(id, actorId, user.email()), caller, Map.of());
    }

    private User existing(UUID id) {
        return users.byId(id).orElseThrow(() -> ApiException.notFound("No user with this id."));
    }

    /** The organisation a user is moved into must exist (as portal-service sees it for this admin) and be of its type. */
    private void checkOrganisation(UUID orgId, String orgType, String bearerToken) {
        OrgDirectory.Org org = directory.find(orgId, bearerToken)
                .orElseThrow(() -> ApiException.invalidField("orgId", "no such organisation"));
        if (!org.type().equals(orgType)) {
            throw ApiException.invalidField("orgType", "the organisation is of type " + org.type() + ", not " + orgType);
        }
        if (!"ACTIVE".equals(org.status())) {
            throw ApiException.conflict("The organisation is archived; reactivate it before moving users into it.");
        }
    }

    /** A non-empty list of distinct person roles; every problem is reported on {@code roles}. */
    private static List<String> roles(List<String> requested, List<FieldError> errors) {
        if (requested.isEmpty()) {
            errors.add(new FieldError("roles", "must contain at least one role"));
            return List.of();
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String role : requested) {
            if (Role.SERVICE.claim().equals(role)) {
                errors.add(new FieldError("roles", "service is the role of service clients, never of a person"));
            } else if (role == null || !PERSON_ROLES.contains(role)) {
                errors.add(new FieldError("roles", "contains an unknown role: " + role + " (known: "
                        + String.join(", ", PERSON_ROLES) + ")"));
            } else if (!unique.add(role)) {
                errors.add(new FieldError("roles", "lists " + role + " more than once"));
            }
        }
        return List.copyOf(unique);
    }

    private static UUID orgId(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            try {
                if (node.asText().length() == 36) {
                    return UUID.fromString(node.asText());
                }
            } catch (IllegalArgumentException ignored) {
                // reported below
            }
        }
        errors.add(new FieldError("orgId", "must be a UUID or null"));
        return null;
    }

    private static String orgType(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual() && OrgType.NAMES.contains(node.asText())) {
            return node.asText();
        }
        errors.add(new FieldError("orgType", "must be MSSP, MSP, CLIENT or null"));
        return null;
    }
}
