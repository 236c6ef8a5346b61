package dev.portalsuite.auth.account;

import dev.portalsuite.auth.audit.AuditAction;
import dev.portalsuite.auth.audit.AuditEntry;
import dev.portalsuite.auth.verification.EmailVerificationDao;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.security.Caller;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the first administrator from configuration when no active admin exists. */
public final class BootstrapAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final Jdbi jdbi;
    private final Clock clock;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final AuditLog<AuditEntry> audit;

    public BootstrapAdmin(Jdbi jdbi, Clock clock, PasswordPolicy policy, PasswordHasher hasher,
                          AuditLog<AuditEntry> audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.policy = policy;
        this.hasher = hasher;
        this.audit = audit;
    }

    /** Returns the admin's id when one was created or promoted. */
    public Optional<UUID> ensure(String rawEmail, String password) {
        String email = EmailAddress.parse(rawEmail)
                .orElseThrow(() -> new IllegalArgumentException("BOOTSTRAP_ADMIN_EMAIL is not a valid email"));
        policy.problem(password, email).ifPresent(problem -> {
            throw new IllegalArgumentException("BOOTSTRAP_ADMIN_PASSWORD " + problem);
        });
        // the usual restart: an admin exists, so skip the bcrypt work
        if (jdbi.withExtension(UserDao.class, UserDao::anyActiveAdmin)) {
            return Optional.empty();
        }
        String hash = hasher.hash(password);
        return jdbi.inTransaction(handle -> {
            UserDao dao = handle.attach(UserDao.class);
            // replicas starting together on an empty database: the loser waits here, then sees the winner's admin
            dao.lockBootstrapAdmin();
            if (dao.anyActiveAdmin()) {
                return Optional.empty();
            }
            Optional<UserDao.Row> existing = dao.findByEmail(email);
            UUID id;
            if (existing.isPresent()) {
                UserDao.Row row = existing.get();
                id = row.id();
                List<String> roles = new ArrayList<>(List.of(row.roles()));
                if (!roles.contains("admin")) {
                    roles.add("admin");
                }
                dao.updateAccount(id, roles.toArray(String[]::new), row.orgId(), row.orgType(), false, clock.instant());
            } else {
                id = UUID.randomUUID();
                dao.insert(id, email, "Administrator", hash, new String[] {"admin"}, null, null, clock.instant());
                // the operator configured this address: no mailed proof needed
                handle.attach(EmailVerificationDao.class).markVerified(id, email, clock.instant());
            }
            audit.record(handle, AuditAction.BOOTSTRAP_ADMIN, new AuditEntry(id, null, email), Caller.system(),
                    Map.of("promotedExisting", existing.isPresent()));
            LOG.info("bootstrap administrator ready: {}", email);
            return Optional.of(id);
        });
    }
}
