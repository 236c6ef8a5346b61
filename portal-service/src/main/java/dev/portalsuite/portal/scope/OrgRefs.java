package dev.portalsuite.portal.scope;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import dev.portalsuite.shared.security.Caller;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Looks up where an organisation sits in the hierarchy (one primary-key read). */
public final class OrgRefs {
    private final Jdbi jdbi;

    public OrgRefs(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The caller with its organisation (one primary-key read; none when its token names no organisation). */
    public ScopedCaller scoped(Caller caller) {
        UUID orgId = caller.orgId();
        return new ScopedCaller(caller, orgId == null ? null : find(orgId).orElse(null));
    }

    public Optional<OrgRef> find(UUID id) {
        return id == null ? Optional.empty() : jdbi.withExtension(Dao.class, dao -> dao.find(id));
    }

    public static Optional<OrgRef> find(Handle handle, UUID id) {
        return handle.attach(Dao.class).find(id);
    }

    /** Reads and row-locks (FOR UPDATE) the organisation for the rest of the transaction. */
    public static Optional<OrgRef> lock(Handle handle, UUID id) {
        return handle.attach(Dao.class).lock(id);
    }

    @RegisterRecordMapper(OrgRef.class)
    public interface Dao {
        String COLUMNS = "id, type, name, status, parent_id, mssp_id, msp_id";

        @SqlQuery("SELECT " + COLUMNS + " FROM orgs WHERE id = :id")
        Optional<OrgRef> find(@Bind("id") UUID id);

        @SqlQuery("SELECT " + COLUMNS + " FROM orgs WHERE id = :id FOR UPDATE")
        Optional<OrgRef> lock(@Bind("id") UUID id);
    }
}
