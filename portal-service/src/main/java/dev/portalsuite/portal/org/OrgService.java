package dev.portalsuite.portal.org;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.portal.audit.AuditAction;
import dev.portalsuite.portal.audit.AuditLog;
import dev.portalsuite.portal.scope.Caller;
import dev.portalsuite.portal.scope.OrgRef;
import dev.portalsuite.portal.scope.OrgRefs;
import dev.portalsuite.portal.scope.Scope;
import dev.portalsuite.portal.web.Integrity;
import dev.portalsuite.shared.db.DatabaseErrors;
import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.FieldError;
import dev.portalsuite.shared.web.Inputs;
import dev.portalsuite.shared.web.Page;
import dev.portalsuite.shared.web.Pagination;
import java.time.Clock;
import java.util.ArrayList;
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
 * Organisation rules. Reads are limited to the caller's scope and answer 404 outside it (never 403, so
 * existence is not revealed). Writes:
 * <ul>
 *   <li>create: admin anything; role {@code mssp} (its organisation an MSSP) an MSP under its own MSSP or a
 *       client anywhere in its subtree; role {@code msp} (its organisation an MSP) a client under its own MSP;</li>
 *   <li>update: admin anything; roles {@code mssp}/{@code msp} organisations strictly below their own
 *       (only admins move organisations to another parent);</li>
 *   <li>archive (DELETE): admin; the organisation and its whole subtree become INACTIVE.</li>
 * </ul>
 */
public final class OrgService {
    static final Set<String> TYPES = Set.of("MSSP", "MSP", "CLIENT");
    static final Set<String> STATUSES = Set.of("ACTIVE", "INACTIVE");
    private static final String SOURCE_PATTERN = "[a-z0-9][a-z0-9_-]{0,49}";

    private final Jdbi jdbi;
    private final Clock clock;
    private final OrgRefs refs;
    private final AuditLog audit;

    public OrgService(Jdbi jdbi, Clock clock, OrgRefs refs, AuditLog audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.refs = refs;
        this.audit = audit;
    }

    public Page<OrgResponse> list(Caller caller, OrgQuery query, Pagination page) {
        Scope scope = caller.scope();
        if (query.parentId() != null) {
            visible(scope, query.parentId()); // a parent outside the scope is 404, like the organisation itself
        }
        if (scope.kind() == Scope.Kind.NONE) {
            return Page.of(List.of(), 0, page);
        }
        String like = Inputs.likePattern(query.q());
        return jdbi.withExtension(OrgDao.class, dao -> {
            List<OrgResponse> items = dao.list(scope.predicate("o"), scope.rootId(), query.type(), query.status(),
                    query.parentId(), like, query.orderBy(), page.limit(), page.offset()).stream().map(OrgResponse::of).toList();
            // a short page is the last one and tells the total by itself; counting a large scope is the costly part
            boolean lastPage = items.size() < page.limit() && (!items.isEmpty() || page.offset() == 0);
            long total = lastPage ? page.offset() + items.size()
                    : dao.count(scope.predicate("o"), scope.rootId(), query.type(), query.status(), query.parentId(), like);
            return Page.of(items, total, page);
        });
    }

    public OrgDetailResponse get(Caller caller, UUID id) {
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

    public OrgResponse create(Caller caller, CreateOrgRequest request) {
        return create(caller, request, UUID.randomUUID());
    }

    /**
     * Creates with a caller-chosen id, for in-process callers that need stable ids (the local suite's demo
     * organisations, which other services' demo data refer to). Same rules as {@link #create(Caller, CreateOrgRequest)}.
     */
    public OrgResponse create(Caller caller, CreateOrgRequest request, UUID id) {
        List<FieldError> errors = new ArrayList<>();
        String type = Inputs.oneOf(request.type(), "type", TYPES, true, errors);
        String name = Inputs.text(request.name(), "name", 200, true, errors);
        String licenseType = Inputs.text(request.licenseType(), "licenseType", 100, false, errors);
        int purchased = Inputs.count(request.purchasedLicenses(), "purchasedLicenses", 0, errors);
        int active = Inputs.count(request.activeLicenses(), "activeLicenses", 0, errors);
        int devices = Inputs.count(request.devices(), "devices", 0, errors);
        String externalSource = null;
        String externalId = null;
        if (request.externalSource() != null || request.externalId() != null) {
            if (!caller.isAdmin()) {
                throw ApiException.forbidden("Only administrators may set externalSource and externalId.");
            }
            externalSource = Inputs.text(request.externalSource(), "externalSource", 50, true, errors);
            externalId = Inputs.text(request.externalId(), "externalId", 200, true, errors);
            if (externalSource != null && !externalSource.matches(SOURCE_PATTERN)) {
                errors.add(new FieldError("externalSource", "must be lower-case letters, digits, '-' or '_'"));
            }
        }
        if ("MSSP".equals(type) && request.parentId() != null) {
            errors.add(new FieldError("parentId", "must be absent: an MSSP has no parent"));
        } else if (type != null && !"MSSP".equals(type) && request.parentId() == null) {
            errors.add(new FieldError("parentId", "is required for an " + type));
        }
        Inputs.throwIfAny(errors);

        Scope scope = caller.scope();
        OrgRef parent = null;
        if (request.parentId() != null) {
            // out of scope reads exactly like missing: the caller learns nothing about other tenants
            parent = refs.find(request.parentId()).filter(scope::contains)
                    .orElseThrow(() -> ApiException.invalidField("parentId", "no such organisation"));
            if (type.equals("MSP") && !parent.type().equals("MSSP")) {
                throw ApiException.invalidField("parentId", "an MSP's parent must be an MSSP");
            }
            if (type.equals("CLIENT") && parent.type().equals("CLIENT")) {
                throw ApiException.invalidField("parentId", "a client's parent must be an MSP or an MSSP");
            }
        }
        checkMayCreate(caller, type, parent);
        if (parent != null && parent.status().equals("INACTIVE")) {
            throw ApiException.conflict("The parent organisation is archived; reactivate it first.");
        }

        Placement placement = Placement.of(id, type, parent);
        String source = externalSource;
        String external = externalId;
        try {
            return jdbi.inTransaction(handle -> {
                OrgDao dao = handle.attach(OrgDao.class);
                dao.insert(id, type, name, placement.parentId(), placement.parentType(), placement.msspId(),
                        placement.mspId(), licenseType, Boolean.TRUE.equals(request.splaLicense()), purchased, active,
                        devices, source, external, clock.instant());
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("type", type);
                details.put("name", name);
                details.put("parentId", placement.parentId() == null ? null : placement.parentId().toString());
                audit.record(handle, AuditAction.ORG_CREATED, id, caller, details);
                return OrgResponse.of(dao.find(id).orElseThrow());
            });
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    public OrgResponse update(Caller caller, UUID id, UpdateOrgRequest request) {
        Scope scope = caller.scope();
        OrgRef current = visible(scope, id);
        boolean moving = request.parentId() != null && !request.parentId().equals(current.parentId());
        if (!caller.isAdmin()) {
            boolean owner = (caller.hasRole(Role.MSSP) || caller.hasRole(Role.MSP)) && scope.containsStrictlyBelowRoot(current);
            if (!owner) {
                throw ApiException.forbidden("You may edit only organisations below your own.");
            }
            if (moving) {
                throw ApiException.forbidden("Only administrators may move an organisation to another parent.");
            }
        }
        List<FieldError> errors = new ArrayList<>();
        String name = Inputs.text(request.name(), "name", 200, false, errors);
        String status = Inputs.oneOf(request.status(), "status", STATUSES, false, errors);
        JsonNode licenseNode = request.licenseType();
        String licenseType = null;
        if (licenseNode != null && !licenseNode.isNull()) {
            if (!licenseNode.isTextual()) {
                errors.add(new FieldError("licenseType", "must be a string or null"));
            } else {
                licenseType = Inputs.text(licenseNode.textValue(), "licenseType", 100, true, errors);
            }
        }
        Integer purchased = request.purchasedLicenses() == null ? null
                : Inputs.count(request.purchasedLicenses(), "purchasedLicenses", 0, errors);
        Integer active = request.activeLicenses() == null ? null
                : Inputs.count(request.activeLicenses(), "activeLicenses", 0, errors);
        Integer devices = request.devices() == null ? null : Inputs.count(request.devices(), "devices", 0, errors);
        if (request.name() == null && request.status() == null && licenseNode == null && request.splaLicense() == null
                && request.purchasedLicenses() == null && request.activeLicenses() == null && request.devices() == null
                && request.parentId() == null) {
            errors.add(new FieldError("name", "give at least one field to change"));
        }
        if (moving && current.type().equals("MSSP")) {
            errors.add(new FieldError("parentId", "an MSSP has no parent"));
        }
        if (moving && request.parentId().equals(id)) {
            errors.add(new FieldError("parentId", "an organisation cannot be its own parent"));
        }
        Inputs.throwIfAny(errors);
        String newLicenseType = licenseType;
        try {
            return jdbi.inTransaction(handle -> {
                OrgDao dao = handle.attach(OrgDao.class);
                OrgDao.Row row = dao.lock(id).orElseThrow(OrgService::notFound);
                Placement placement = moving ? newPlacement(handle, row, request.parentId()) : Placement.of(row);
                Map<String, Object> changes = new LinkedHashMap<>();
                String newName = change(changes, "name", row.name(), name);
                String newStatus = change(changes, "status", row.status(), status);
                String license = licenseNode == null ? row.licenseType() : newLicenseType;
                if (!Objects.equals(row.licenseType(), license)) {
                    Map<String, Object> diff = new LinkedHashMap<>();
                    diff.put("from", row.licenseType());
                    diff.put("to", license); // null clears it
                    changes.put("licenseType", diff);
                }
                boolean spla = change(changes, "splaLicense", row.splaLicense(), request.splaLicense());
                int p = change(changes, "purchasedLicenses", row.purchasedLicenses(), purchased);
                int a = change(changes, "activeLicenses", row.activeLicenses(), active);
                int d = change(changes, "devices", row.devices(), devices);
                change(changes, "parentId", str(row.parentId()), str(placement.parentId()));
                if (changes.isEmpty()) {
                    return OrgResponse.of(row);
                }
                dao.update(id, newName, newStatus, license, spla, p, a, d, placement.parentId(), placement.parentType(),
                        placement.msspId(), placement.mspId(), clock.instant());
                audit.record(handle, AuditAction.ORG_UPDATED, id, caller, Map.of("changes", changes));
                return OrgResponse.of(dao.find(id).orElseThrow());
            });
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /** Archives the organisation and everything below it (status INACTIVE; nothing is deleted). */
    public void archive(Caller caller, UUID id) {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("Only administrators may archive organisations.");
        }
        jdbi.useTransaction(handle -> {
            OrgRef ref = OrgRefs.lock(handle, id).orElseThrow(OrgService::notFound);
            int archived = handle.attach(OrgDao.class).archiveSubtree(Scope.subtreeOf(ref).predicate("o"), id,
                    clock.instant());
            if (archived > 0) {
                audit.record(handle, AuditAction.ORG_ARCHIVED, id, caller, Map.of("archived", archived));
            }
        });
    }

    private static Placement newPlacement(Handle handle, OrgDao.Row row, UUID parentId) {
        OrgRef parent = OrgRefs.find(handle, parentId)
                .orElseThrow(() -> ApiException.invalidField("parentId", "no such organisation"));
        if (row.type().equals("MSP") && !parent.type().equals("MSSP")) {
            throw ApiException.invalidField("parentId", "an MSP's parent must be an MSSP");
        }
        if (row.type().equals("CLIENT") && parent.type().equals("CLIENT")) {
            throw ApiException.invalidField("parentId", "a client's parent must be an MSP or an MSSP");
        }
        return Placement.of(row.id(), row.type(), parent);
    }

    private static void checkMayCreate(Caller caller, String type, OrgRef parent) {
        if (caller.isAdmin()) {
            return;
        }
        OrgRef own = caller.org();
        if (caller.hasRole(Role.MSSP) && own != null && own.type().equals("MSSP")) {
            if (type.equals("MSP") && parent.id().equals(own.id())) {
                return; // an MSP under its own MSSP
            }
            if (type.equals("CLIENT")) {
                return; // a client anywhere in its subtree (the parent is in scope, checked above)
            }
        }
        if (caller.hasRole(Role.MSP) && own != null && own.type().equals("MSP")
                && type.equals("CLIENT") && parent.id().equals(own.id())) {
            return; // a client under its own MSP
        }
        throw ApiException.forbidden("Your role may not create an organisation of type " + type + " here.");
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
        if (Integrity.isViolation(e)) {
            return ApiException.conflict("The organisation hierarchy changed concurrently; reload and try again.");
        }
        return e;
    }
}
