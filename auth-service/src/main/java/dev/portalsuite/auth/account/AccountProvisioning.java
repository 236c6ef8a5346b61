package dev.portalsuite.auth.account;

import dev.portalsuite.auth.audit.AuditAction;
import dev.portalsuite.auth.audit.AuditEntry;
import dev.portalsuite.auth.verification.EmailVerificationDao;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.security.OrgType;
import dev.portalsuite.shared.security.Role;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Creates accounts from configuration or seed data (the local suite's demo users): the user, its roles and
 * organisation in one transaction, so a crash never leaves a half-set-up account. Existing accounts are
 * never changed.
 */
public final class AccountProvisioning {

    private final Jdbi jdbi;
    private final Clock clock;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final AuditLog<AuditEntry> audit;

    public AccountProvisioning(Jdbi jdbi, Clock clock, PasswordPolicy policy, PasswordHasher hasher,
                               AuditLog<AuditEntry> audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.policy = policy;
        this.hasher = hasher;
        this.audit = audit;
    }

    /** One account to provision; {@code orgId} and {@code orgType} are both set or both null. */
    public record Account(String email, String password, String fullName, List<String> roles, UUID orgId, String orgType) {
    }

    /** Creates the account unless its email exists; returns whether it was created. */
    public boolean createIfMissing(Account account) {
        String email = EmailAddress.parse(account.email())
                .orElseThrow(() -> new IllegalArgumentException("not a valid email: " + account.email()));
        policy.problem(account.password(), email).ifPresent(problem -> {
            throw new IllegalArgumentException("password for " + email + " " + problem);
        });
        if (account.roles().isEmpty() || account.roles().stream().anyMatch(r -> Role.fromClaim(r).isEmpty())) {
            throw new IllegalArgumentException("unknown roles " + account.roles());
        }
        if ((account.orgId() == null) != (account.orgType() == null)
                || (account.orgType() != null && !OrgType.NAMES.contains(account.orgType()))) {
            throw new IllegalArgumentException("orgId and orgType must be given together, orgType one of " + OrgType.NAMES);
        }
        if (jdbi.withExtension(UserDao.class, dao -> dao.findByEmail(email)).isPresent()) {
            return false;
        }
        String hash = hasher.hash(account.password());
        return jdbi.inTransaction(handle -> {
            UUID id = UUID.randomUUID();
            // two starts provisioning at once: the loser's insert finds the email taken and changes nothing
            if (handle.attach(UserDao.class).insertIfAbsent(id, email, account.fullName(), hash,
                    account.roles().toArray(String[]::new), account.orgId(), account.orgType(), clock.instant()) == 0) {
                return false;
            }
            // accounts an operator configures need no mailed proof of their address
            handle.attach(EmailVerificationDao.class).markVerified(id, email, clock.instant());
            audit.record(handle, AuditAction.USER_PROVISIONED, new AuditEntry(id, null, email), Caller.system(),
                    Map.of("roles", account.roles(), "orgId", String.valueOf(account.orgId())));
            return true;
        });
    }
}
