package dev.portalsuite.shared.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalsuite.shared.config.CommonConfig;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.db.Database;
import dev.portalsuite.shared.json.Json;
import dev.portalsuite.shared.ops.Metrics;
import dev.portalsuite.shared.security.AccessControl;
import dev.portalsuite.shared.web.ServiceServer;
import io.javalin.Javalin;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The app-under-test fixture itself, on a tiny service built like every real one (ServiceServer + Database from
 * the environment): a static field runs once for the class, an instance field once per test, and a programmatic
 * second instance shares the first one's database.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceUnderTestIT {
    private static final String SPEC = "/dev/portalsuite/shared/demo-openapi.yaml";
    private static final List<Integer> CLASS_PORTS = new ArrayList<>();
    private static final List<String> TEST_DATABASES = new ArrayList<>();

    /** The demo's composition root: what a service's {@code XxxApp} is. */
    record DemoApp(Javalin server, Database database) implements AutoCloseable {
        static DemoApp create(Env env) {
            CommonConfig config = CommonConfig.fromEnv(env, 7999);
            Metrics metrics = new Metrics("demo");
            Database database = Database.open(config.database(), "demo", metrics.registry());
            Javalin server = ServiceServer.forService("/api/demo")
                    .objectMapper(Json.newObjectMapper())
                    .metrics(metrics)
                    .accessControl(new AccessControl(new TestTokens().verifier(), principal -> true))
                    .trustedProxies(config.trustedProxies())
                    .openApi(SPEC)
                    .readiness("database", database::isReachable)
                    .routes(r -> r.get("/api/demo/ip", ctx -> ctx.json(Map.of("ip", ctx.ip()))))
                    .build();
            server.start(config.host(), config.port());
            return new DemoApp(server, database);
        }

        @Override
        public void close() {
            server.stop();
            database.close();
        }
    }

    static final class DemoUnderTest extends ServiceUnderTest<DemoApp, DemoUnderTest> {
        DemoUnderTest() {
            super(SPEC, app -> app.server().port(), DemoApp::database);
        }

        @Override
        protected Map<String, String> defaults() {
            return Map.of("DATABASE_POOL_SIZE", "2");
        }

        @Override
        protected DemoApp launch(Env env, Clock clock) {
            return DemoApp.create(env);
        }
    }

    @RegisterExtension
    static final DemoUnderTest perClass = new DemoUnderTest();

    @RegisterExtension
    final DemoUnderTest perTest = new DemoUnderTest().with("TRUSTED_PROXIES", "10.0.0.0/8");

    @AfterAll
    static void oneInstanceForTheClassOnePerTest() {
        assertThat(CLASS_PORTS).hasSize(2).containsOnly(CLASS_PORTS.get(0));
        assertThat(TEST_DATABASES).hasSize(2).doesNotHaveDuplicates();
        assertThat(perClass.isRunning()).as("stopped only after the class").isTrue();
    }

    @Test
    @Order(1)
    void startsFromTheTestFriendlyBaseDefaultsAndOverrides() throws Exception {
        record(perClass, perTest);
        assertThat(perTest.env()).containsEntry("HOST", "127.0.0.1").containsEntry("PORT", "0")
                .containsEntry("DATABASE_URL", perTest.databaseConfig().jdbcUrl())
                .containsEntry("DATABASE_POOL_SIZE", "2")
                .containsEntry("TRUSTED_PROXIES", "10.0.0.0/8");
        assertThat(Files.isDirectory(perTest.dataDir())).isTrue();
        assertThat(perTest.port()).isNotEqualTo(perClass.port());
        ApiResponse ready = perTest.client().get("/health/ready").send();
        assertThat(ready.status()).isEqualTo(200);
        assertThat(perTest.count("SELECT count(*) FROM item")).isZero();
    }

    @Test
    @Order(2)
    void aSecondInstanceSharesTheDatabaseOfTheFirstAndItsCloseFailsOnAnOpenApiViolation() {
        record(perClass, perTest);
        DemoUnderTest second = new DemoUnderTest().sharingDatabaseWith(perClass).without("DATABASE_POOL_SIZE")
                .clock(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).start();
        assertThat(second.databaseConfig()).isEqualTo(perClass.databaseConfig());
        assertThat(second.env()).doesNotContainKey("DATABASE_POOL_SIZE");
        assertThat(second.clock().instant()).isEqualTo(Instant.EPOCH);
        second.jdbi().useHandle(h -> h.execute("INSERT INTO item (id, name, quantity) VALUES (gen_random_uuid(), 'shared', 1)"));
        assertThat(perClass.count("SELECT count(*) FROM item WHERE name = ?", "shared")).isEqualTo(1);

        // limit=0 is below the spec's minimum: the call fails at once, and closing fails again, after stopping
        assertThatThrownBy(() -> second.client().get("/api/demo/items?limit=0").send()).isInstanceOf(AssertionError.class);
        assertThatThrownBy(second::close).isInstanceOf(AssertionError.class).hasMessageContaining("OpenAPI violations");
        assertThat(second.isRunning()).isFalse();
        assertThatThrownBy(second::client).isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
    }

    private static void record(DemoUnderTest perClass, DemoUnderTest perTest) {
        CLASS_PORTS.add(perClass.port());
        TEST_DATABASES.add(perTest.databaseConfig().jdbcUrl());
    }
}
