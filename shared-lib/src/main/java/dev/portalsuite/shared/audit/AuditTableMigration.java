package dev.portalsuite.shared.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Brings a service's {@code audit_events} table to the shape every audit log shares: the {@code seq} column and
 * index behind the one ordering, and the append-only trigger. A service applies it as one of its own versioned
 * migrations, by a class in its migration package named as Flyway expects, e.g.
 * {@code db.migration.auth.V4__Audit_events_shared extends AuditTableMigration}. The service's earlier migrations
 * create the table with its own columns; this one may run on a table that already has some of the shape.
 */
public abstract class AuditTableMigration extends BaseJavaMigration {
    static final String SCRIPT = "/dev/portalsuite/shared/audit/audit_events.sql";

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute(script());
        }
    }

    static String script() throws IOException {
        try (InputStream in = AuditTableMigration.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
