package dev.portalsuite.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.freshness.FreshnessUnderTest;
import dev.portalsuite.portal.PortalUnderTest;
import dev.portalsuite.shared.db.DatabaseConfig;
import dev.portalsuite.shared.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "database and roles" step for real: {@code deploy/postgres/create-roles.sql} (its psql variables
 * filled in the way {@code psql -v} does) on a fresh database, then each service started as its own role, as in
 * production ({@code PORTAL_ENV=production}): the migrations run in the role's own schema, and no role can read
 * another service's schema.
 */
class DatabaseRolesIT {
    private static final Map<String, String> PASSWORDS = Map.of(
            "auth_password", "Auth-role-password-1", "portal_password", "Portal-role-password-1",
            "freshness_password", "Freshness-role-password-1");

    @TempDir
    Path tmp;

    @Test
    void eachServiceMigratesAndRunsAsItsOwnRoleAndCannotReadTheOthersSchemas() throws Exception {
        DatabaseConfig admin = TestPostgres.newDatabase();
        String database = admin.jdbcUrl().replaceAll("^.*/([^/?]+)(\\?.*)?$", "$1");
        runScript(admin, database);
        Path key = tmp.resolve("auth-signing-key.pem");
        dev.portalsuite.shared.security.RsaKeys.loadOrGenerate(key);
        Path mfaKey = tmp.resolve("auth-mfa-key");
        byte[] mfaKeyBytes = new byte[32];
        new java.security.SecureRandom().nextBytes(mfaKeyBytes);
        Files.writeString(mfaKey, java.util.Base64.getEncoder().encodeToString(mfaKeyBytes));
        try {
            // production mode, each service as its own role (the URL without the fixture's user/password parameters,
            // which would win over them), none of the fixtures' test defaults
            try (AuthUnderTest a = new AuthUnderTest().withoutDefaults().database(asRole(admin, "auth"))
                         .with("PORTAL_ENV", "production").with("AUTH_SIGNING_KEY_FILE", key.toString())
                         // production needs a mail relay; nothing is mailed here, so a loopback port nobody answers will do
                         .with(Map.of("SMTP_HOST", "127.0.0.1", "SMTP_PORT", "2525", "SMTP_TLS", "none",
                                 "MAIL_FROM", "no-reply@portal.example.com", "CONSOLE_BASE_URL", "https://portal.example.com"))
                         .with("MFA_KEY_FILE", mfaKey.toString()).start();
                 PortalUnderTest p = new PortalUnderTest().withoutDefaults().database(asRole(admin, "portal"))
                         .with("PORTAL_ENV", "production").start();
                 FreshnessUnderTest f = new FreshnessUnderTest().withoutDefaults().database(asRole(admin, "freshness"))
                         .with("PORTAL_ENV", "production").with("PUBLIC_BASE_URL", "https://portal.example.com").start()) {
                assertThat(a.app().database().isReachable() && p.app().database().isReachable()
                        && f.app().database().isReachable()).isTrue();
            }
            assertThat(owner(admin, "auth", "users")).isEqualTo("auth_service");
            assertThat(owner(admin, "portal", "orgs")).isEqualTo("portal_service");
            assertThat(owner(admin, "freshness", "batches")).isEqualTo("freshness_service");
            for (var other : List.of(List.of("auth_service", "portal.orgs"), List.of("portal_service", "auth.users"),
                    List.of("freshness_service", "auth.users"), List.of("auth_service", "freshness.batches"))) {
                assertThatThrownBy(() -> query(admin, other.get(0), "SELECT count(*) FROM " + other.get(1)))
                        .as("%s reads %s", other.get(0), other.get(1))
                        .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            }
        } finally {
            dropRoles(admin);
        }
    }

    /** The script as psql runs it with {@code -v name=value}: meta-commands left out, {@code :'name'} quoted. */
    private void runScript(DatabaseConfig admin, String database) throws Exception {
        String script = Files.readString(Path.of("postgres/create-roles.sql"));
        for (var entry : PASSWORDS.entrySet()) {
            script = script.replace(":'" + entry.getKey() + "'", "'" + entry.getValue().replace("'", "''") + "'");
        }
        script = script.replace("DATABASE portal", "DATABASE " + database);
        assertThat(script).doesNotContain(":'");
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement statement = connection.createStatement()) {
            for (String sql : script.lines().filter(l -> !l.startsWith("--") && !l.startsWith("\\"))
                    .collect(java.util.stream.Collectors.joining("\n")).split(";")) {
                if (!sql.isBlank()) {
                    statement.execute(sql);
                }
            }
        }
    }

    private static String owner(DatabaseConfig admin, String schema, String table) throws SQLException {
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             var statement = connection.prepareStatement("SELECT tableowner FROM pg_tables WHERE schemaname = ? AND tablename = ?")) {
            statement.setString(1, schema);
            statement.setString(2, table);
            var result = statement.executeQuery();
            assertThat(result.next()).as("%s.%s exists", schema, table).isTrue();
            return result.getString(1);
        }
    }

    private static void query(DatabaseConfig admin, String role, String sql) throws SQLException {
        String password = PASSWORDS.get(role.replace("_service", "_password"));
        try (Connection connection = DriverManager.getConnection(withoutCredentials(admin.jdbcUrl()), role, password);
             Statement statement = connection.createStatement()) {
            statement.executeQuery(sql).close();
        }
    }

    private static DatabaseConfig asRole(DatabaseConfig admin, String service) {
        return new DatabaseConfig(withoutCredentials(admin.jdbcUrl()), service + "_service",
                PASSWORDS.get(service + "_password"), admin.maxPoolSize());
    }

    private static String withoutCredentials(String url) {
        return url.replaceAll("([?&])(user|password)=[^&]*&?", "$1").replaceAll("[?&]$", "");
    }

    /** Roles are cluster-wide: leave none behind for a shared TEST_DATABASE_URL server. */
    private static void dropRoles(DatabaseConfig admin) throws SQLException {
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement statement = connection.createStatement()) {
            for (String role : List.of("auth_service", "portal_service", "freshness_service")) {
                statement.execute("DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN "
                        + "EXECUTE 'DROP OWNED BY " + role + " CASCADE'; EXECUTE 'DROP ROLE " + role + "'; END IF; END $$");
            }
        }
    }
}
