package dev.portalsuite.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.console.ConsoleUnderTest;
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
            "freshness_password", "Freshness-role-password-1", "console_password", "Console-role-password-1");
    /** Each service's login role (the console's is web_console) → its psql password variable. */
    private static final Map<String, String> ROLES = Map.of("auth_service", "auth_password", "portal_service",
            "portal_password", "freshness_service", "freshness_password", "web_console", "console_password");

    @TempDir
    Path tmp;

    @Test
    void eachServiceMigratesAndRunsAsItsOwnRoleAndCannotReadTheOthersSchemas() throws Exception {
        DatabaseConfig admin = TestPostgres.newDatabase();
        String database = admin.jdbcUrl().replaceAll("^.*/([^/?]+)(\\?.*)?$", "$1");
        runScript(admin, database);
        Path key = tmp.resolve("auth-signing-key.pem");
        dev.portalsuite.shared.security.RsaKeys.loadOrGenerate(key);
        Path sessionKey = tmp.resolve("console-session.key");
        byte[] randomKey = new byte[32];
        new java.security.SecureRandom().nextBytes(randomKey);
        Files.writeString(sessionKey, java.util.Base64.getEncoder().encodeToString(randomKey));
        Path mfaKey = tmp.resolve("auth-mfa-key");
        byte[] mfaKeyBytes = new byte[32];
        new java.security.SecureRandom().nextBytes(mfaKeyBytes);
        Files.writeString(mfaKey, java.util.Base64.getEncoder().encodeToString(mfaKeyBytes));
        try {
            // production mode, each service as its own role (the URL without the fixture's user/password parameters,
            // which would win over them), none of the fixtures' test defaults
            try (AuthUnderTest a = new AuthUnderTest().withoutDefaults().database(asRole(admin, "auth_service"))
                         .with("PORTAL_ENV", "production").with("AUTH_SIGNING_KEY_FILE", key.toString())
                         // production needs a mail relay; nothing is mailed here, so a loopback port nobody answers will do
                         .with(Map.of("SMTP_HOST", "127.0.0.1", "SMTP_PORT", "2525", "SMTP_TLS", "none",
                                 "MAIL_FROM", "no-reply@portal.example.com", "CONSOLE_BASE_URL", "https://portal.example.com"))
                         .with("MFA_KEY_FILE", mfaKey.toString()).start();
                 PortalUnderTest p = new PortalUnderTest().withoutDefaults().database(asRole(admin, "portal_service"))
                         .with("PORTAL_ENV", "production").start();
                 FreshnessUnderTest f = new FreshnessUnderTest().withoutDefaults().database(asRole(admin, "freshness_service"))
                         .with("PORTAL_ENV", "production").with("PUBLIC_BASE_URL", "https://portal.example.com").start();
                 ConsoleUnderTest c = new ConsoleUnderTest().withoutDefaults().database(asRole(admin, "web_console"))
                         .with("PORTAL_ENV", "production").with("CONSOLE_BASE_URL", "https://portal.example.com")
                         .with("CONSOLE_SESSION_KEY_FILE", sessionKey.toString()).start()) {
                assertThat(a.app().database().isReachable() && p.app().database().isReachable()
                        && f.app().database().isReachable() && c.app().database().isReachable()).isTrue();
            }
            assertThat(owner(admin, "auth", "users")).isEqualTo("auth_service");
            assertThat(owner(admin, "portal", "orgs")).isEqualTo("portal_service");
            assertThat(owner(admin, "freshness", "batches")).isEqualTo("freshness_service");
            assertThat(owner(admin, "console", "sessions")).isEqualTo("web_console");
            for (var other : List.of(List.of("auth_service", "portal.orgs"), List.of("portal_service", "auth.users"),
                    List.of("freshness_service", "auth.users"), List.of("auth_service", "freshness.batches"),
                    List.of("web_console", "auth.users"), List.of("auth_service", "console.sessions"))) {
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
        String password = PASSWORDS.get(ROLES.get(role));
        try (Connection connection = DriverManager.getConnection(withoutCredentials(admin.jdbcUrl()), role, password);
             Statement statement = connection.createStatement()) {
            statement.executeQuery(sql).close();
        }
    }

    private static DatabaseConfig asRole(DatabaseConfig admin, String role) {
        return new DatabaseConfig(withoutCredentials(admin.jdbcUrl()), role, PASSWORDS.get(ROLES.get(role)),
                admin.maxPoolSize());
    }

    private static String withoutCredentials(String url) {
        return url.replaceAll("([?&])(user|password)=[^&]*&?", "$1").replaceAll("[?&]$", "");
    }

    /** Roles are cluster-wide: leave none behind for a shared TEST_DATABASE_URL server. */
    private static void dropRoles(DatabaseConfig admin) throws SQLException {
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement statement = connection.createStatement()) {
            for (String role : ROLES.keySet()) {
                statement.execute("DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN "
                        + "EXECUTE 'DROP OWNED BY " + role + " CASCADE'; EXECUTE 'DROP ROLE " + role + "'; END IF; END $$");
            }
        }
    }
}
