package dev.portalsuite.portal.org;

import dev.portalsuite.portal.audit.AuditAction;
import dev.portalsuite.portal.audit.AuditEntry;
import dev.portalsuite.portal.scope.ScopedCaller;
import dev.portalsuite.portal.scope.OrgRef;
import dev.portalsuite.portal.scope.OrgRefs;
import dev.portalsuite.portal.scope.Scope;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.db.DatabaseErrors;
import dev.portalsuite.shared.security.OrgType;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.Inputs;
import dev.portalsuite.shared.web.Pagination;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Organisations. Reads are limited to the caller's scope and answer 404 outside it (never 403, so existence is
 * not revealed). Create and update follow {@link OrgRules}; archive (DELETE) is for admins, and the organisation
 * and its whole subtree become INACTIVE.
 */
public final class OrgService {
    static final Set<String> TYPES = OrgType.NAMES;
    static final Set<String> STATUSES = Set.of("ACTIVE", "INACTIVE");

    private final Jdbi jdbi;
    private final Clock clock;
    private final OrgRefs refs;
    private final AuditLog<AuditEntry> audit;

    public OrgService(Jdbi jdbi, Clock clock, OrgRefs refs, AuditLog<AuditEntry> audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.refs = refs;
        this.audit = audit;
    }

    /**
     * One page: after {@code cursor} when given (keyset: no row is skipped or repeated however many rows are
     * inserted meanwhile, and the page costs the same deep in a large scope), else at {@code page.offset()}.
     */
    public OrgList list(ScopedCaller caller, OrgQuery query, Pagination page, OrgCursor cursor) {
        Scope scope = caller.scope();
        if (query.parentId() != null) {
            visible(scope, query.parentId()); // a parent outside the scope is 404, like the organisation itself
        }
        int offset = cursor == null ? page.offset() : 0;
        if (scope.kind() == Scope.Kind.NONE) {
            return new OrgList(List.of(), cursor == null ? 0L : null, page.limit(), offset, null);
        }
        String like = Inputs.likePattern(query.q());
        return jdbi.withExtension(OrgDao.class, dao -> {
            // one row more than the page tells whether there is a next page
            List<OrgDao.Row> rows = cursor == null
                    ? dao.list(scope.predicate("o"), scope.rootId(), query.type(), query.status(), query.parentId(), like,
                            query.orderBy(), page.limit() + 1, page.offset())
                    : dao.listAfter(scope.predicate("o"), scope.rootId(), query.type(), query.status(), query.parentId(),
                            like, query.orderBy(), query.after(), cursor.key(), cursor.id(), page.limit() + 1);
            boolean more = rows.size() > page.limit();
            List<OrgDao.Row> pageRows = more ? rows.subList(0, page.limit()) : rows;
            String next = more ? OrgCursor.after(query.sortOrDefault(), pageRows.get(pageRows.size() - 1)).encode() : null;
            List<OrgResponse> items = pageRows.stream().map(OrgResponse::of).toList();
            Long total = null;
            if (cursor == null) {
                // a last page tells the total by itself; counting a large scope is the costly part
                boolean lastPage = !more && (!items.isEmpty() || page.offset() == 0);
                total = lastPage ? page.offset() + items.size()
                        : dao.count(scope.predicate("o"), scope.rootId(), query.type(), query.status(), query.parentId(), like);
            }
            return new OrgList(items, total, page.limit(), offset, next);
        });
    }

    public OrgDetailResponse get(ScopedCaller caller, UUID id) {
        OrgRef ref = visible(caller.scope(), id);
        return jdbi.withExtension(OrgDao.class, dao -> {
            OrgDao.Row row = dao.find(id).orElseThrow(OrgService::notFound);
            return OrgDetailResponse.of(row, dao.childCounts(Scope.subtreeOf(ref).predicate("o"), id));
        });
    }

    /** For in-process callers (the local suite's demo data): one organisation by id, whatever the scope. */
    public Optional<OrgResponse> find(UUID id) {
        return jdbi.withExtension(OrgDao.class, dao -> dao.find(id)).map(OrgResponse::of);
    }

    public OrgResponse create(ScopedCaller caller, CreateOrgRequest request) {
        return create(caller, request, UUID.randomUUID());
    }

    /**
     * Creates with a caller-chosen id, for in-process callers that need stable ids (the local suite's demo
     * organisations, which other services' demo data refer to). Same rules as
     * {@link #create(ScopedCaller, CreateOrgRequest)}.
     */
    public OrgResponse create(ScopedCaller caller, CreateOrgRequest request, UUID id) {
        NewOrg org = NewOrg.from(caller, request);
        OrgRef parent = null;
        if (org.parentId() != null) {
            // out of scope reads exactly like missing: the caller learns nothing about other tenants
            parent = refs.find(org.parentId()).filter(caller.scope()::contains)
                    .orElseThrow(() -> ApiException.invalidField("parentId", "no such organisation"));
            OrgRules.checkParentFits(org.type(), parent);
        }
        OrgRules.checkMayCreate(caller, org.type(), parent);
        OrgRules.checkParentActive(parent);

        Placement placement = Placement.of(id, org.type(), parent);
        try {
            return jdbi.inTransaction(handle -> {
                OrgDao dao = handle.attach(OrgDao.class);
                dao.insert(id, org.type(), org.name(), placement.parentId(), placement.parentType(), placement.msspId(),
                        placement.mspId(), org.licenseType(), org.splaLicense(), org.purchasedLicenses(),
                        org.activeLicenses(), org.devices(), org.externalSource(), org.externalId(), clock.instant());
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("type", org.type());
                details.put("name", org.name());
                details.put("parentId", placement.parentId() == null ? null : placement.parentId().toString());
                audit.record(handle, AuditAction.ORG_CREATED,
                        AuditEntry.of(AuditAction.ORG_CREATED, id, caller), caller.caller(),
                        details);
                return OrgResponse.of(dao.find(id).orElseThrow());
            });
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    public OrgResponse update(ScopedCaller caller, UUID id, UpdateOrgRequest request) {
        Scope scope = caller.scope();
        OrgRef current = visible(scope, id);
        boolean moving = request.parentId() != null && !request.parentId().equals(current.parentId());
        OrgRules.checkMayUpdate(caller, scope, current, moving);
        OrgEdit edit = OrgEdit.from(request, current, moving);
        try {
            return jdbi.inTransaction(handle -> {
                OrgDao dao = handle.attach(OrgDao.class);
                OrgDao.Row row = dao.lock(id).orElseThrow(OrgService::notFound);
                Placement placement = moving ? newPlacement(handle, row, request.parentId()) : Placement.of(row);
                Map<String, Object> changes = new LinkedHashMap<>();
                String newName = change(changes, "name", row.name(), edit.name());
                String newStatus = change(changes, "status", row.status(), edit.status());
                String license = edit.licenseTypeGiven() ? edit.licenseType() : row.licenseType();
                if (!Objects.equals(row.licenseType(), license)) {
                    Map<String, Object> diff = new LinkedHashMap<>();
                    diff.put("from", row.licenseType());
                    diff.put("to", license); // null clears it
                    changes.put("licenseType", diff);
                }
                boolean spla = change(changes, "splaLicense", row.splaLicense(), edit.splaLicense());
                int p = change(changes, "purchasedLicenses", row.purchasedLicenses(), edit.purchasedLicenses());
                int a = change(changes, "activeLicenses", row.activeLicenses(), edit.activeLicenses());
                int d = change(changes, "devices", row.devices(), edit.devices());
                change(changes, "parentId", str(row.parentId()), str(placement.parentId()));
                if (changes.isEmpty()) {
                    return OrgResponse.of(row);
                }
                dao.update(id, newName, newStatus, license, spla, p, a, d, placement.parentId(), placement.parentType(),
                        placement.msspId(), placement.mspId(), clock.instant());
                audit.record(handle, AuditAction.ORG_UPDATED,
                        AuditEntry.of(AuditAction.ORG_UPDATED, id, caller), caller.caller(),
                        Map.of("changes", changes));
                return OrgResponse.of(dao.find(id).orElseThrow());
            });
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /** Archives the organisation and everything below it (status INACTIVE; nothing is deleted). */
    public void archive(ScopedCaller caller, UUID id) {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("Only administrators may archive organisations.");
        }
        jdbi.useTransaction(handle -> {
            OrgRef ref = OrgRefs.lock(handle, id).orElseThrow(OrgService::notFound);
            int archived = handle.attach(OrgDao.class).archiveSubtree(Scope.subtreeOf(ref).predicate("o"), id,
                    clock.instant());
            if (archived > 0) {
                audit.record(handle, AuditAction.ORG_ARCHIVED,
                        AuditEntry.of(AuditAction.ORG_ARCHIVED, id, caller), caller.caller(),
                        Map.of("archived", archived));
            }
        });
    }

    private static Placement newPlacement(Handle handle, OrgDao.Row row, UUID parentId) {
        OrgRef parent = OrgRefs.find(handle, parentId)
                .orElseThrow(() -> ApiException.invalidField("parentId", "no such organisation"));
        OrgRules.checkParentFits(row.type(), parent);
        return Placement.of(row.id(), row.type(), parent);
    }

    private OrgRef visible(Scope scope, UUID id) {
        return refs.find(id).filter(scope::contains).orElseThrow(OrgService::notFound);
    }

    private static ApiException notFound() {
        return ApiException.notFound("No organisation with this id.");
    }

    private static String str(UUID id) {
        return id == null ? null : id.toString();
    }

    private static <T> T change(Map<String, Object> changes, String field, T from, T to) {
        if (to == null || Objects.equals(from, to)) {
            return from;
        }
        Map<String, Object> diff = new LinkedHashMap<>();
        diff.put("from", from);
        diff.put("to", to);
        changes.put(field, diff);
        return to;
    }

    /** Hierarchy violations that slipped past the checks above (a concurrent move) end as 409, never 500. */
    private static RuntimeException translate(RuntimeException e) {
        if (e instanceof ApiException) {
            return e;
        }
        if (DatabaseErrors.isUniqueViolation(e, "orgs_pkey")) {
            return ApiException.conflict("An organisation with this id already exists.");
        }
        if (DatabaseErrors.isUniqueViolation(e, "orgs_external_key")) {
            return ApiException.conflict("An organisation with this externalSource and externalId already exists.");
        }
        if (DatabaseErrors.isIntegrityViolation(e)) {
            return ApiException.conflict("The organisation hierarchy changed concurrently; reload and try again.");
        }
        return e;
    }
}
