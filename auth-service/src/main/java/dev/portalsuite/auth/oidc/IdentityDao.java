package dev.portalsuite.auth.oidc;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

public interface IdentityDao {

    @SqlQuery("SELECT user_id FROM user_identities WHERE provider = :provider AND subject = :subject")
    Optional<UUID> findUser(@Bind("provider") String provider, @Bind("subject") String subject);

    @SqlUpdate("""
            INSERT INTO user_identities (provider, subject, user_id, email, created_at)
            VALUES (:provider, :subject, :userId, :email, :now)
            """)
    void insert(@Bind("provider") String provider, @Bind("subject") String subject, @Bind("userId") UUID userId,
                @Bind("email") String email, @Bind("now") Instant now);
}
