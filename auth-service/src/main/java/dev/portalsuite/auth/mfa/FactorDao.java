package dev.portalsuite.auth.mfa;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterRecordMapper(FactorDao.Factors.class)
public interface FactorDao {

    @SqlQuery("""
            SELECT EXISTS (SELECT 1 FROM mfa_totp WHERE user_id = :userId AND confirmed_at IS NOT NULL) AS totp,
                   (SELECT count(*) FROM webauthn_credentials WHERE user_id = :userId) AS passkeys,
                   (SELECT count(*) FROM mfa_recovery_codes WHERE user_id = :userId AND used_at IS NULL) AS recovery_codes_left
            """)
    Factors factors(@Bind("userId") UUID userId);

    /** The second factors a user has: an authenticator app, passkeys, and what is left of the recovery codes. */
    record Factors(boolean totp, int passkeys, int recoveryCodesLeft) {
        public boolean any() {
            return totp || passkeys > 0;
        }

        /** The second-step methods the user can use, in the order a client should offer them. */
        public List<String> methods() {
            List<String> methods = new ArrayList<>();
            if (totp) {
                methods.add(SecondFactorCheck.TOTP);
            }
            if (passkeys > 0) {
                methods.add(SecondFactorCheck.WEBAUTHN);
            }
            if (any() && recoveryCodesLeft > 0) {
                methods.add(SecondFactorCheck.RECOVERY);
            }
            return List.copyOf(methods);
        }
    }
}
