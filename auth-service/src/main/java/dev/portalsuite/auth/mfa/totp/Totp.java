package dev.portalsuite.auth.mfa.totp;

import dev.portalsuite.auth.mfa.SecretBox;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Authenticator-app codes of one user: enrolment, confirmation and single-use verification. */
public final class Totp {
    public static final String ISSUER = "Portal Suite";

    private final Clock clock;
    private final SecretBox box;
    private final TotpAlgorithm algorithm = new TotpAlgorithm();

    public Totp(Clock clock, SecretBox box) {
        this.clock = clock;
        this.box = box;
    }

    /** A new pending secret for the user; empty when a confirmed authenticator already exists. */
    public Optional<TotpEnrolment> startEnrolment(Handle handle, UUID userId, String accountName) {
        byte[] secret = TotpAlgorithm.newSecret();
        try {
            if (handle.attach(TotpDao.class).startEnrolment(userId, box.seal(secret, userId.toString()), clock.instant()) == 0) {
                return Optional.empty();
            }
            String base32 = TotpAlgorithm.base32(secret);
            String uri = "otpauth://totp/" + encode(ISSUER) + ":" + encode(accountName) + "?secret=" + base32
                    + "&issuer=" + encode(ISSUER) + "&algorithm=SHA1&digits=" + TotpAlgorithm.DIGITS
                    + "&period=" + TotpAlgorithm.STEP.toSeconds();
            return Optional.of(new TotpEnrolment(base32, uri, QrSvg.of(uri)));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    public enum Confirmation { CONFIRMED, WRONG_CODE, NOTHING_PENDING }

    /** Activates the pending secret when {@code code} is its current code (that code's step is spent). */
    public Confirmation confirm(Handle handle, UUID userId, String code) {
        TotpDao dao = handle.attach(TotpDao.class);
        Optional<TotpDao.Row> row = dao.find(userId).filter(r -> !r.confirmed());
        if (row.isEmpty()) {
            return Confirmation.NOTHING_PENDING;
        }
        byte[] secret = box.open(row.get().secretSealed(), userId.toString());
        try {
            OptionalLong step = algorithm.matchingStep(secret, code, clock.instant());
            if (step.isEmpty()) {
                return Confirmation.WRONG_CODE;
            }
            return dao.confirm(userId, row.get().secretSealed(), step.getAsLong(), clock.instant()) == 1
                    ? Confirmation.CONFIRMED : Confirmation.NOTHING_PENDING;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    public boolean confirmed(Handle handle, UUID userId) {
        return handle.attach(TotpDao.class).find(userId).map(TotpDao.Row::confirmed).orElse(false);
    }

    /**
     * True when {@code code} is a code of the user's confirmed authenticator within one step of now that was not
     * accepted before; accepting it spends its step. A user without one costs about the same (a dummy secret).
     */
    public boolean verify(Handle handle, UUID userId, String code) {
        TotpDao dao = handle.attach(TotpDao.class);
        Optional<TotpDao.Row> row = dao.find(userId).filter(TotpDao.Row::confirmed);
        byte[] secret = row.map(r -> box.open(r.secretSealed(), userId.toString())).orElseGet(TotpAlgorithm::newSecret);
        try {
            OptionalLong step = algorithm.matchingStep(secret, code, clock.instant());
            Long spend = row.isPresent() && step.isPresent() ? step.getAsLong() : null;
            return dao.spend(userId, spend) == 1;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    public boolean remove(Handle handle, UUID userId) {
        return handle.attach(TotpDao.class).delete(userId) > 0;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
