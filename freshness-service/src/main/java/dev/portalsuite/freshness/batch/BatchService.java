package dev.portalsuite.freshness.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.freshness.audit.AuditAction;
import dev.portalsuite.freshness.audit.AuditEntry;
import dev.portalsuite.freshness.policy.FreshnessPolicy;
import dev.portalsuite.freshness.policy.FreshnessStatus;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.db.DatabaseErrors;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.FieldError;
import dev.portalsuite.shared.web.Inputs;
import dev.portalsuite.shared.web.Page;
import dev.portalsuite.shared.web.Pagination;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Batches of an organisation: validation, organisation scope, soft delete, and freshness as of today in the
 * configured zone. A batch of another organisation is "not found", never "forbidden".
 */
public final class BatchService {
    public static final int TEXT_MAX = 100;
    public static final int NOTES_MAX = 2000;
    private static final String IDENTIFIER_INDEX = "batches_org_identifier_key";
    private static final String PUBLIC_CODE_INDEX = "batches_public_code_key";

    private final Jdbi jdbi;
    private final Clock clock;
    private final ZoneId zone;
    private final PublicUrls urls;
    private final PublicCodes codes;
    private final AuditLog<AuditEntry> audit;

    public BatchService(Jdbi jdbi, Clock clock, ZoneId zone, PublicUrls urls, PublicCodes codes,
                        AuditLog<AuditEntry> audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.zone = zone;
        this.urls = urls;
        this.codes = codes;
        this.audit = audit;
    }

    /** Today's date where the batches are: the basis of every days-on-shelf figure. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    private BatchDao.Today freshnessAsOf(LocalDate today) {
        return new BatchDao.Today(today, FreshnessPolicy.DEFAULT.freshMaxDays(), FreshnessPolicy.DEFAULT.cautionMaxDays());
    }

    public BatchResponse create(Caller caller, CreateBatchRequest request) {
        LocalDate today = today();
        List<FieldError> errors = new ArrayList<>();
        String product = Inputs.text(request.product(), "product", TEXT_MAX, true, false, errors);
        String identifier = Inputs.text(request.batchIdentifier(), "batchIdentifier", TEXT_MAX, true, false, errors);
        LocalDate butcher = BatchInputs.date(request.butcherDate(), "butcherDate", true, errors);
        LocalDate arrival = BatchInputs.date(request.arrivalDate(), "arrivalDate", true, errors);
        String notes = notes(request.notes(), errors);
        UUID requestedOrg = Inputs.uuid(request.orgId(), "orgId", errors);
        checkDates(butcher, arrival, today, errors);
        UUID orgId = errors.isEmpty() ? owningOrg(caller, requestedOrg, errors) : null;
        Inputs.throwIfAny(errors);

        for (int attempt = 1; ; attempt++) {
            UUID id = UUID.randomUUID();
            String code = codes.next();
            try {
                jdbi.useTransaction(handle -> {
                    handle.attach(BatchDao.class).insert(id, code, orgId, product, identifier, butcher, arrival, notes,
                            caller.subject(), clock.instant());
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("product", product);
                    details.put("batchIdentifier", identifier);
                    details.put("butcherDate", butcher.toString());
                    details.put("arrivalDate", arrival.toString());
                    details.put("hasNotes", notes != null);
                    audit.record(handle, AuditAction.BATCH_CREATED, AuditEntry.batch(caller.subject(), orgId, id, product),
                            caller, details);
                });
                return BatchResponse.of(view(id, null, today).orElseThrow());
            } catch (RuntimeException e) {
                if (DatabaseErrors.isUniqueViolation(e, IDENTIFIER_INDEX)) {
                    throw duplicateIdentifier();
                }
                if (DatabaseErrors.isUniqueViolation(e, PUBLIC_CODE_INDEX) && attempt < 3) {
                    continue; // 80 random bits collided: astronomically unlikely, but never a 500
                }
                throw e;
            }
        }
    }

    public Page<BatchResponse> list(Caller caller, FreshnessStatus status, String product, String query, Pagination page) {
        UUID org = OrgAccess.visibleOrg(caller);
        LocalDate today = today();
        BatchDao.Today asOf = freshnessAsOf(today);
        String statusName = status == null ? null : status.name();
        String like = Inputs.likePattern(query);
        return jdbi.withExtension(BatchDao.class, dao -> Page.of(
                dao.search(org, statusName, product, like, asOf, page.limit(), page.offset()).stream()
                        .map(row -> BatchResponse.of(BatchView.of(row, urls, today))).toList(),
                dao.count(org, statusName, product, like, asOf),
                page));
    }

    public BatchResponse get(Caller caller, UUID id) {
        return BatchResponse.of(visible(caller, id));
    }

    /** The batch as the caller may see it; 404 for unknown, deleted and other organisations' batches alike. */
    public BatchView visible(Caller caller, UUID id) {
        return view(id, OrgAccess.visibleOrg(caller), today()).orElseThrow(BatchService::notFound);
    }

    public BatchResponse update(Caller caller, UUID id, UpdateBatchRequest request) {
        UUID org = OrgAccess.visibleOrg(caller);
        LocalDate today = today();
        List<FieldError> errors = new ArrayList<>();
        String product = Inputs.text(BatchInputs.patchString(request.product(), "product", errors), "product", TEXT_MAX,
                false, false, errors);
        String identifier = Inputs.text(BatchInputs.patchString(request.batchIdentifier(), "batchIdentifier", errors),
                "batchIdentifier", TEXT_MAX, false, false, errors);
        LocalDate butcher = BatchInputs.date(BatchInputs.patchString(request.butcherDate(), "butcherDate", errors), "butcherDate",
                false, errors);
        LocalDate arrival = BatchInputs.date(BatchInputs.patchString(request.arrivalDate(), "arrivalDate", errors), "arrivalDate",
                false, errors);
        Optional<String> notes = patchNotes(request.notes(), errors);
        if (request.isEmpty()) {
            errors.add(new FieldError("body", "give at least one of product, batchIdentifier, butcherDate, arrivalDate, notes"));
        }
        Inputs.throwIfAny(errors);

        try {
            jdbi.useTransaction(handle -> {
                BatchDao dao = handle.attach(BatchDao.class);
                dao.lock(id, org).orElseThrow(BatchService::notFound);
                BatchDao.Row current = dao.find(id, org, freshnessAsOf(today)).orElseThrow(BatchService::notFound);
                String newProduct = product == null ? current.product() : product;
                String newIdentifier = identifier == null ? current.batchIdentifier() : identifier;
                LocalDate newButcher = butcher == null ? current.butcherDate() : butcher;
                LocalDate newArrival = arrival == null ? current.arrivalDate() : arrival;
                String newNotes = notes == null ? current.notes() : notes.orElse(null);
                List<FieldError> combined = new ArrayList<>();
                // an unchanged stored date is not re-judged against today: only what this request changes is
                checkDates(newButcher, newArrival, arrival == null ? null : today, combined);
                if (!combined.isEmpty() && butcher == null && arrival != null) {
                    combined.replaceAll(error -> error.field().equals("butcherDate")
                            ? new FieldError("arrivalDate", "must not be before the batch's butcherDate " + newButcher)
                            : error);
                }
                Inputs.throwIfAny(combined);

                Map<String, Object> changes = new LinkedHashMap<>();
                change(changes, "product", current.product(), newProduct);
                change(changes, "batchIdentifier", current.batchIdentifier(), newIdentifier);
                change(changes, "butcherDate", current.butcherDate(), newButcher);
                change(changes, "arrivalDate", current.arrivalDate(), newArrival);
                if (!Objects.equals(current.notes(), newNotes)) {
                    changes.put("notes", "changed");
                }
                if (changes.isEmpty()) {
                    return; // nothing changes: no write, no audit event
                }
                dao.update(id, newProduct, newIdentifier, newButcher, newArrival, newNotes, clock.instant());
                audit.record(handle, AuditAction.BATCH_UPDATED,
                        AuditEntry.batch(caller.subject(), current.orgId(), id, newProduct), caller, changes);
            });
        } catch (RuntimeException e) {
            if (DatabaseErrors.isUniqueViolation(e, IDENTIFIER_INDEX)) {
                throw duplicateIdentifier();
            }
            throw e;
        }
        return BatchResponse.of(view(id, org, today).orElseThrow(BatchService::notFound));
    }

    public void delete(Caller caller, UUID id) {
        UUID org = OrgAccess.visibleOrg(caller);
        jdbi.useTransaction(handle -> {
            BatchDao dao = handle.attach(BatchDao.class);
            dao.lock(id, org).orElseThrow(BatchService::notFound);
            BatchDao.Row current = dao.find(id, org, freshnessAsOf(today())).orElseThrow(BatchService::notFound);
            dao.softDelete(id, caller.subject(), clock.instant());
            audit.record(handle, AuditAction.BATCH_DELETED,
                    AuditEntry.batch(caller.subject(), current.orgId(), id, current.product()), caller,
                    Map.of("batchIdentifier", current.batchIdentifier()));
        });
    }

    /** For the public page and its JSON twin: any batch by code, deleted ones included (they are "gone"). */
    public Optional<BatchView> byPublicCode(String rawCode) {
        String code = PublicCodes.normalise(rawCode);
        if (code == null) {
            return Optional.empty();
        }
        LocalDate today = today();
        return jdbi.withExtension(BatchDao.class, dao -> dao.findByCode(code, freshnessAsOf(today)))
                .map(row -> BatchView.of(row, urls, today));
    }

    private Optional<BatchView> view(UUID id, UUID org, LocalDate today) {
        return jdbi.withExtension(BatchDao.class, dao -> dao.find(id, org, freshnessAsOf(today)))
                .map(row -> BatchView.of(row, urls, today));
    }

    /**
     * The organisation a new batch belongs to: {@code orgId} when given (admins: any; others: only their own),
     * else the caller's own. Admins without an organisation must name one.
     */
    private static UUID owningOrg(Caller caller, UUID requested, List<FieldError> errors) {
        if (caller.isAdmin()) {
            if (requested != null) {
                return requested;
            }
            if (caller.orgId() == null) {
                errors.add(new FieldError("orgId", "is required for administrators: name the organisation the batch belongs to"));
                return null;
            }
            return caller.orgId();
        }
        UUID own = OrgAccess.ownOrg(caller);
        if (requested != null && !requested.equals(own)) {
            throw ApiException.forbidden("You can only create batches in your own organisation.");
        }
        return own;
    }

    /** butcherDate ≤ arrivalDate ≤ today (today null: the arrival date is not checked against it). */
    private static void checkDates(LocalDate butcher, LocalDate arrival, LocalDate today, List<FieldError> errors) {
        if (arrival != null && today != null && arrival.isAfter(today)) {
            errors.add(new FieldError("arrivalDate", "must not be in the future (today is " + today + ")"));
        }
        if (butcher != null && arrival != null && butcher.isAfter(arrival)) {
            errors.add(new FieldError("butcherDate", "must not be after arrivalDate"));
        }
    }

    private static String notes(String raw, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return null; // no notes
        }
        return Inputs.text(raw, "notes", NOTES_MAX, false, true, errors);
    }

    /** Absent → null (unchanged); JSON null or blank → empty (clear); text → the new notes. */
    private static Optional<String> patchNotes(JsonNode node, List<FieldError> errors) {
        if (node == null) {
            return null;
        }
        if (node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            errors.add(new FieldError("notes", "must be a string or null"));
            return null;
        }
        return Optional.ofNullable(notes(node.textValue(), errors));
    }

    private static void change(Map<String, Object> changes, String field, Object from, Object to) {
        if (!Objects.equals(from, to)) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("from", String.valueOf(from));
            change.put("to", String.valueOf(to));
            changes.put(field, change);
        }
    }

    private static ApiException notFound() {
        return ApiException.notFound("No batch with this id.");
    }

    private static ApiException duplicateIdentifier() {
        return ApiException.conflict("Your organisation already has a batch with this batchIdentifier.");
    }
}
