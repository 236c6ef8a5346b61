package dev.portalsuite.auth.alert;

import dev.portalsuite.auth.account.User;
import dev.portalsuite.auth.audit.AuditAction;
import dev.portalsuite.auth.audit.AuditEntry;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.security.Caller;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Remembers where each account signs in from — the browser or app (user agent) and the IP network (IPv4 /24,
 * IPv6 /48, so a changing address at home is still home) — and mails the owner when a sign-in comes from a pair
 * not seen in the last {@link #MEMORY}. An account's first sign-in ever (its registration, or the first after
 * this feature arrived) alerts nobody.
 */
public final class KnownDevices {
    static final Duration MEMORY = Duration.ofDays(90);

    private final Jdbi jdbi;
    private final Clock clock;
    private final SecurityAlerts alerts;
    private final AuditLog<AuditEntry> audit;

    public KnownDevices(Jdbi jdbi, Clock clock, SecurityAlerts alerts, AuditLog<AuditEntry> audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.alerts = alerts;
        this.audit = audit;
    }

    /** In the sign-in's transaction. */
    public void signedIn(Handle handle, User user, Caller caller) {
        if (caller.ip() == null) {
            return;
        }
        Instant now = clock.instant();
        KnownDeviceDao dao = handle.attach(KnownDeviceDao.class);
        boolean firstEver = !dao.anyFor(user.id());
        String userAgent = caller.userAgent() == null ? "" : caller.userAgent();
        String network = networkOf(caller.ip());
        Optional<Instant> lastSeen = dao.seen(user.id(), userAgent, network, now);
        if (firstEver || lastSeen.filter(seen -> seen.isAfter(now.minus(MEMORY))).isPresent()) {
            return;
        }
        audit.record(handle, AuditAction.NEW_DEVICE_SIGN_IN, new AuditEntry(user.id(), user.id(), user.email()), caller,
                Map.of("network", network));
        alerts.newDevice(handle, user, caller);
    }

    /** The /24 (IPv4) or /48 (IPv6) network of an address literal; anything else stands for itself. */
    static String networkOf(String ip) {
        if (!ip.matches("[0-9A-Fa-f:.]+")) {
            return ip;
        }
        try {
            byte[] bytes = InetAddress.getByName(ip).getAddress();
            int keep = bytes.length == 4 ? 3 : 6;
            byte[] masked = Arrays.copyOf(Arrays.copyOf(bytes, keep), bytes.length);
            return InetAddress.getByAddress(masked).getHostAddress() + (bytes.length == 4 ? "/24" : "/48");
        } catch (UnknownHostException | SecurityException e) {
            return ip;
        }
    }

    public int forgetOld() {
        Instant before = clock.instant().minus(MEMORY);
        return jdbi.withExtension(KnownDeviceDao.class, dao -> dao.forgetBefore(before));
    }
}
