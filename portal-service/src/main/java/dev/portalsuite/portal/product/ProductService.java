package dev.portalsuite.portal.product;

import dev.portalsuite.portal.audit.AuditAction;
import dev.portalsuite.portal.audit.AuditEntry;
import dev.portalsuite.portal.scope.ScopedCaller;
import dev.portalsuite.portal.scope.OrgRef;
import dev.portalsuite.portal.scope.OrgRefs;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.db.DatabaseErrors;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.FieldError;
import dev.portalsuite.shared.web.Inputs;
import dev.portalsuite.shared.web.Page;
import dev.portalsuite.shared.web.Pagination;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** The product catalogue (read by everyone, written by admins) and products enabled per MSSP/MSP. */
public final class ProductService {
    static final String CODE_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,49}";

    private final Jdbi jdbi;
    private final Clock clock;
    private final OrgRefs refs;
    private final AuditLog<AuditEntry> audit;

    public ProductService(Jdbi jdbi, Clock clock, OrgRefs refs, AuditLog<AuditEntry> audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.refs = refs;
        this.audit = audit;
    }

    /** All products, or those enabled for {@code orgId} (which must be in the caller's scope, else 404). */
    public Page<ProductResponse> list(ScopedCaller caller, UUID orgId, Pagination page) {
        if (orgId != null) {
            refs.find(orgId).filter(caller.scope()::contains)
                    .orElseThrow(() -> ApiException.notFound("No organisation with this id."));
        }
        return jdbi.withExtension(ProductDao.class, dao -> Page.of(
                dao.list(orgId, page.limit(), page.offset()), dao.count(orgId), page));
    }

    public Optional<ProductResponse> findByCode(String code) {
        return jdbi.withExtension(ProductDao.class, dao -> dao.findByCode(code));
    }

    public ProductResponse create(ScopedCaller caller, CreateProductRequest request) {
        requireAdmin(caller);
        List<FieldError> errors = new ArrayList<>();
        String code = Inputs.text(request.code(), "code", 50, true, errors);
        if (code != null && !code.matches(CODE_PATTERN)) {
            errors.add(new FieldError("code", "must be letters, digits, '.', '_' or '-' (starting with a letter or digit)"));
        }
        String name = Inputs.text(request.name(), "name", 200, true, errors);
        Inputs.throwIfAny(errors);
        UUID id = UUID.randomUUID();
        try {
            return jdbi.inTransaction(handle -> {
                ProductDao dao = handle.attach(ProductDao.class);
                dao.insert(id, code, name, clock.instant());
                audit.record(handle, AuditAction.PRODUCT_CREATED,
                        AuditEntry.of(AuditAction.PRODUCT_CREATED, id, caller), caller.caller(),
                        Map.of("code", code, "name", name));
                return dao.find(id).orElseThrow();
            });
        } catch (RuntimeException e) {
            if (DatabaseErrors.isUniqueViolation(e, "products_code_key")) {
                throw ApiException.conflict("A product with this code already exists.");
            }
            throw e;
        }
    }

    /** Idempotent: enabling an enabled product changes nothing. */
    public void enable(ScopedCaller caller, UUID orgId, UUID productId) {
        requireAdmin(caller);
        jdbi.useTransaction(handle -> {
            OrgRef org = OrgRefs.lock(handle, orgId).orElseThrow(() -> ApiException.notFound("No organisation with this id."));
            ProductDao dao = handle.attach(ProductDao.class);
            ProductResponse product = dao.find(productId).orElseThrow(() -> ApiException.notFound("No product with this id."));
            if (org.type().equals("CLIENT")) {
                throw ApiException.conflict("Products are enabled for MSSP and MSP organisations, not for clients.");
            }
            if (dao.enable(orgId, productId, clock.instant()) > 0) {
                audit.record(handle, AuditAction.PRODUCT_ENABLED,
                        AuditEntry.of(AuditAction.PRODUCT_ENABLED, orgId, caller), caller.caller(),
                        Map.of("productId", productId.toString(), "code", product.code()));
            }
        });
    }

    /** Idempotent: disabling a product that is not enabled changes nothing. */
    public void disable(ScopedCaller caller, UUID orgId, UUID productId) {
        requireAdmin(caller);
        jdbi.useTransaction(handle -> {
            OrgRefs.lock(handle, orgId).orElseThrow(() -> ApiException.notFound("No organisation with this id."));
            ProductDao dao = handle.attach(ProductDao.class);
            ProductResponse product = dao.find(productId).orElseThrow(() -> ApiException.notFound("No product with this id."));
            if (dao.disable(orgId, productId) > 0) {
                audit.record(handle, AuditAction.PRODUCT_DISABLED,
                        AuditEntry.of(AuditAction.PRODUCT_DISABLED, orgId, caller), caller.caller(),
                        Map.of("productId", productId.toString(), "code", product.code()));
            }
        });
    }

    private static void requireAdmin(ScopedCaller caller) {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("Only administrators manage products.");
        }
    }
}
