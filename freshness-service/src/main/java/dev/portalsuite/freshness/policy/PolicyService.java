package dev.portalsuite.freshness.policy;

import dev.portalsuite.freshness.audit.AuditAction;
import dev.portalsuite.freshness.audit.AuditEntry;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.FieldError;
import dev.portalsuite.shared.web.Inputs;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Product-specific freshness thresholds; products without one follow {@link FreshnessPolicy#DEFAULT}. */
public final class PolicyService {
    public static final int PRODUCT_MAX = 100;

    private final Jdbi jdbi;
    private final Clock clock;
    private final AuditLog<AuditEntry> audit;

    public PolicyService(Jdbi jdbi, Clock clock, AuditLog<AuditEntry> audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.audit = audit;
    }

    public List<PolicyResponse> list() {
        return jdbi.withExtension(PolicyDao.class, PolicyDao::all).stream().map(PolicyResponse::of).toList();
    }

    public PolicyResponse put(Caller caller, String rawProduct, PolicyRequest request) {
        List<FieldError> errors = new ArrayList<>();
        String product = product(rawProduct, errors);
        int fresh = days(request.freshMaxDays(), "freshMaxDays", 0, FreshnessPolicy.MAX_DAYS - 1, errors);
        int caution = days(request.cautionMaxDays(), "cautionMaxDays", 1, FreshnessPolicy.MAX_DAYS, errors);
        if (errors.isEmpty() && caution <= fresh) {
            errors.add(new FieldError("cautionMaxDays", "must be greater than freshMaxDays"));
        }
        Inputs.throwIfAny(errors);
        return jdbi.inTransaction(handle -> {
            PolicyDao dao = handle.attach(PolicyDao.class);
            Optional<PolicyDao.Row> before = dao.lockByProduct(product);
            dao.upsert(product, fresh, caution, clock.instant(), caller.subject());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("from", before.map(row -> thresholds(row.freshMaxDays(), row.cautionMaxDays())).orElse(null));
            details.put("to", thresholds(fresh, caution));
            audit.record(handle, AuditAction.POLICY_SET, AuditEntry.policy(caller.subject(), product), caller, details);
            return PolicyResponse.of(dao.lockByProduct(product).orElseThrow());
        });
    }

    public void delete(Caller caller, String rawProduct) {
        List<FieldError> errors = new ArrayList<>();
        String product = product(rawProduct, errors);
        Inputs.throwIfAny(errors);
        jdbi.useTransaction(handle -> {
            PolicyDao dao = handle.attach(PolicyDao.class);
            PolicyDao.Row before = dao.lockByProduct(product)
                    .orElseThrow(() -> ApiException.notFound("No policy for this product; it follows the default policy."));
            dao.delete(product);
            audit.record(handle, AuditAction.POLICY_DELETED, AuditEntry.policy(caller.subject(), before.product()), caller,
                    Map.of("from", thresholds(before.freshMaxDays(), before.cautionMaxDays())));
        });
    }

    private static String product(String raw, List<FieldError> errors) {
        return Inputs.text(raw, "product", PRODUCT_MAX, true, false, errors);
    }

    private static int days(Integer value, String field, int min, int max, List<FieldError> errors) {
        if (value == null) {
            errors.add(new FieldError(field, "is required"));
            return 0;
        }
        if (value < min || value > max) {
            errors.add(new FieldError(field, "must be a whole number from " + min + " to " + max));
            return 0;
        }
        return value;
    }

    private static Map<String, Integer> thresholds(int fresh, int caution) {
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put("freshMaxDays", fresh);
        map.put("cautionMaxDays", caution);
        return map;
    }
}
