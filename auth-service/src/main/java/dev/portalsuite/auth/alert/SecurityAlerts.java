package dev.portalsuite.auth.alert;

import dev.portalsuite.auth.account.User;
import dev.portalsuite.auth.mail.MailTemplates;
import dev.portalsuite.auth.mail.Outbox;
import dev.portalsuite.shared.security.Caller;
import java.time.Clock;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * Mails that tell people about security-relevant changes to their account, queued in the transaction of the
 * change: the password changed, the account got locked, a sign-in from a device not seen recently, a second factor
 * added or removed, a recovery code used.
 */
public final class SecurityAlerts {
    private final Outbox outbox;
    private final MailTemplates templates;
    private final Clock clock;

    public SecurityAlerts(Outbox outbox, MailTemplates templates, Clock clock) {
        this.outbox = outbox;
        this.templates = templates;
        this.clock = clock;
    }

    public void passwordChanged(Handle handle, User user, Caller caller) {
        outbox.enqueue(handle, templates.passwordChanged(user.email(), user.fullName(), clock.instant(), caller.ip(),
                caller.userAgent()));
    }

    /** The lock itself is not transactional (it counts attempts), so the alert is queued on its own. */
    public void accountLocked(User user, Instant until) {
        outbox.enqueue(templates.accountLocked(user.email(), user.fullName(), until));
    }

    public void newDevice(Handle handle, User user, Caller caller) {
        outbox.enqueue(handle, templates.newDevice(user.email(), user.fullName(), clock.instant(), caller.ip(),
                caller.userAgent()));
    }

    /** @param change what happened, as a clause: "an authenticator app was added" */
    public void secondFactorChanged(Handle handle, User user, String change, Caller caller) {
        outbox.enqueue(handle, templates.secondFactorChanged(user.email(), user.fullName(), change, clock.instant(),
                caller.ip(), caller.userAgent()));
    }

    /** Spending the code is not rolled back by a later failure, so the alert is queued on its own. */
    public void recoveryCodeUsed(User user, int left, Caller caller) {
        outbox.enqueue(templates.recoveryCodeUsed(user.email(), user.fullName(), left, clock.instant(), caller.ip(),
                caller.userAgent()));
    }
}
