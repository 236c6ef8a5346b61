package dev.portalsuite.portal.notification;

import dev.portalsuite.portal.audit.AuditAction;
import dev.portalsuite.portal.audit.AuditEntry;
import dev.portalsuite.portal.scope.ScopedCaller;
import dev.portalsuite.portal.scope.OrgRefs;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.FieldError;
import dev.portalsuite.shared.web.Inputs;
import dev.portalsuite.shared.web.Pagination;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Notifications addressed to a user, an organisation (its users and those of everything below it) or a
 * role; read state is per user. The feed is personal: administrators see what is addressed to them too,
 * not everybody's notifications.
 */
public final class NotificationService {
    public static final Set<String> TYPES = Set.of("info", "success", "warning", "alert");
    public static final int MAX_IDS = 200;
    /** Service clients may send notifications with either scope. */
    public static final Set<String> SEND_SCOPES = Set.of("portal:notify", "portal:ingest");

    private final Jdbi jdbi;
    private final Clock clock;
    private final AuditLog<AuditEntry> audit;

    public NotificationService(Jdbi jdbi, Clock clock, AuditLog<AuditEntry> audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.audit = audit;
    }

    /** Who the caller is, for visibility: user id, own organisation and its ancestors, roles. */
    private record Audience(UUID userId, UUID orgId, String[] roles) {
        static Audience of(Caller caller) {
            UUID userId = ScopedCaller.withoutOrg(caller).userId().orElseThrow(() ->
                    ApiException.forbidden("Notifications are for user accounts, not service clients."));
            return new Audience(userId, caller.orgId(), caller.principal().roles().toArray(String[]::new));
        }
    }

    public NotificationPage list(Caller caller, boolean unreadOnly, Pagination page) {
        Audience a = Audience.of(caller);
        return jdbi.withExtension(NotificationDao.class, dao -> new NotificationPage(
                dao.list(a.userId(), a.orgId(), a.roles(), unreadOnly, page.limit(), page.offset()).stream()
                        .map(NotificationResponse::of).toList(),
                dao.count(a.userId(), a.orgId(), a.roles(), unreadOnly),
                page.limit(), page.offset(),
                dao.count(a.userId(), a.orgId(), a.roles(), true)));
    }

    /** The caller's unread count: one statement. */
    public long unreadCount(Caller caller) {
        Audience a = Audience.of(caller);
        return jdbi.withExtension(NotificationDao.class, dao -> dao.count(a.userId(), a.orgId(), a.roles(), true));
    }

    /** Marks the given notifications read; if any of them is not visible to the caller: 404 and nothing changes. */
    public int markRead(Caller caller, MarkReadRequest request) {
        Audience a = Audience.of(caller);
        if (request.ids() == null) {
            throw ApiException.invalidField("ids", "is required");
        }
        if (request.ids().isEmpty() || request.ids().size() > MAX_IDS) {
            throw ApiException.invalidField("ids", "must contain 1 to " + MAX_IDS + " ids");
        }
        Set<UUID> unique = new LinkedHashSet<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < request.ids().size(); i++) {
            String raw = request.ids().get(i);
            try {
                if (raw != null && raw.length() == 36) {
                    unique.add(UUID.fromString(raw));
                    continue;
                }
            } catch (IllegalArgumentException ignored) {
                // reported below
            }
            errors.add(new FieldError("ids[" + i + "]", "must be a UUID"));
        }
        Inputs.throwIfAny(errors);
        UUID[] ids = unique.toArray(UUID[]::new);
        return jdbi.inTransaction(handle -> {
            NotificationDao dao = handle.attach(NotificationDao.class);
            if (dao.countVisible(ids, a.userId(), a.orgId(), a.roles()) != ids.length) {
                throw ApiException.notFound("One or more of these notifications do not exist.");
            }
            return dao.markRead(a.userId(), ids, clock.instant());
        });
    }

    public int markAllRead(Caller caller) {
        Audience a = Audience.of(caller);
        return jdbi.withExtension(NotificationDao.class,
                dao -> dao.markAllRead(a.userId(), a.orgId(), a.roles(), clock.instant()));
    }

    /** Admins, and service clients with scope {@code portal:notify} or {@code portal:ingest}. */
    public static void requireSender(ScopedCaller caller) {
        if (!caller.isAdmin() && !(caller.hasRole(Role.SERVICE)
                && SEND_SCOPES.stream().anyMatch(caller.principal()::hasScope))) {
            throw ApiException.forbidden("Sending notifications needs role admin, or a service client with scope "
                    + "portal:notify or portal:ingest.");
        }
    }

    public NotificationCreatedResponse create(ScopedCaller caller, CreateNotificationRequest request) {
        requireSender(caller);
        List<FieldError> errors = new ArrayList<>();
        CreateNotificationRequest.Audience audience = request.audience();
        if (audience == null) {
            errors.add(new FieldError("audience", "is required"));
        } else {
            int given = (audience.userId() == null ? 0 : 1) + (audience.orgId() == null ? 0 : 1)
                    + (audience.role() == null ? 0 : 1);
            if (given != 1) {
                errors.add(new FieldError("audience", "give exactly one of userId, orgId, role"));
            }
            if (audience.role() != null && Role.fromClaim(audience.role()).isEmpty()) {
                errors.add(new FieldError("audience.role", "is not a known role"));
            }
        }
        String title = Inputs.text(request.title(), "title", 200, true, errors);
        String message = Inputs.text(request.message(), "message", 2000, true, errors);
        String type = Inputs.oneOf(request.type(), "type", TYPES, true, errors);
        String actionUrl = actionUrl(request.actionUrl(), errors);
        Inputs.throwIfAny(errors);
        return jdbi.inTransaction(handle -> {
            if (audience.orgId() != null && OrgRefs.find(handle, audience.orgId()).isEmpty()) {
                throw ApiException.invalidField("audience.orgId", "no such organisation");
            }
            UUID id = insert(handle, audience.userId(), audience.orgId(), audience.role(), type, title, message,
                    actionUrl, caller);
            return handle.attach(NotificationDao.class).find(id).orElseThrow().toResponse();
        });
    }

    /** A notification to every user with {@code role}, inside the caller's transaction (used by sync runs). */
    public void notifyRole(Handle handle, Role role, String type, String title, String message, ScopedCaller caller) {
        insert(handle, null, null, role.claim(), type, truncate(title, 200), truncate(message, 2000), null, caller);
    }

    private UUID insert(Handle handle, UUID userId, UUID orgId, String role, String type, String title, String message,
                        String actionUrl, ScopedCaller caller) {
        UUID id = UUID.randomUUID();
        handle.attach(NotificationDao.class).insert(id, userId, orgId, role, type, title, message, actionUrl,
                clock.instant(), caller.subject());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("audience", userId != null ? "user:" + userId : orgId != null ? "org:" + orgId : "role:" + role);
        details.put("type", type);
        details.put("title", title);
        audit.record(handle, AuditAction.NOTIFICATION_CREATED,
                AuditEntry.of(AuditAction.NOTIFICATION_CREATED, id, caller), caller.caller(),
                details);
        return id;
    }

    /** A path within the portal ({@code /...}) or an absolute http(s) URL; never {@code javascript:} and the like. */
    private static String actionUrl(String raw, List<FieldError> errors) {
        if (raw == null) {
            return null;
        }
        String url = Inputs.text(raw, "actionUrl", 2000, true, errors);
        if (url == null) {
            return null;
        }
        boolean ok;
        if (url.startsWith("/")) {
            ok = !url.startsWith("//") && !url.contains("\\") && url.chars().noneMatch(Character::isWhitespace);
        } else {
            try {
                URI uri = new URI(url);
                ok = ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                        && uri.getHost() != null;
            } catch (java.net.URISyntaxException e) {
                ok = false;
            }
        }
        if (!ok) {
            errors.add(new FieldError("actionUrl", "must be a path starting with / or an http(s) URL"));
            return null;
        }
        return url;
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
