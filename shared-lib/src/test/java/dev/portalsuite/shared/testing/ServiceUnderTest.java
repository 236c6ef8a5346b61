package dev.portalsuite.shared.testing;

import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.db.Database;
import dev.portalsuite.shared.db.DatabaseConfig;
import dev.portalsuite.shared.security.AuthKeys;
import dev.portalsuite.shared.security.JwtSettings;
import dev.portalsuite.shared.security.TokenVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The app under test: one real service, built by its composition root ({@code XxxApp.create(config, deps)}) as
 * {@code main} builds it, on a fresh {@link TestPostgres} database (or a given one), listening on a free loopback
 * port, with an {@link ApiClient} that validates every exchange against the service's openapi.yaml. Closing it
 * fails the test on any OpenAPI violation, then stops the service.
 *
 * <p>As a JUnit 5 extension, in the manner of Dropwizard's {@code DropwizardAppExtension}: a {@code static}
 * {@code @RegisterExtension} field starts the service once for the class, an instance field once per test.
 * Without JUnit: {@link #start()} and {@link #close()} (try-with-resources), e.g. for a second instance sharing
 * the first one's database.
 *
 * <p>The environment is the test-friendly base ({@code DATABASE_*}, {@code HOST=127.0.0.1}, {@code PORT=0}, a
 * temporary {@code PORTAL_DATA_DIR}), then the service's {@link #defaults()}, then the test's {@link #with}
 * overrides. A subclass per service says how to build it and adds that service's conveniences.
 *
 * @param <A> the service's composition root
 * @param <S> the subclass, so that the configuring methods chain
 */
public abstract class ServiceUnderTest<A extends AutoCloseable, S extends ServiceUnderTest<A, S>>
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, AutoCloseable {

    private final String openApi;
    private final ToIntFunction<A> portOf;
    private final Function<A, Database> databaseOf;
    private final Map<String, Supplier<String>> overrides = new LinkedHashMap<>();
    private final List<String> removed = new ArrayList<>();
    private final List<Consumer<S>> onStart = new ArrayList<>();
    private Supplier<DatabaseConfig> databaseSource = TestPostgres::newDatabase;
    private Clock clock;
    private boolean tokensOfAuthService;
    private boolean withDefaults = true;

    private A app;
    private ApiClient client;
    private DatabaseConfig database;
    private Map<String, String> env;
    /** The JUnit context (class or test) that started the service and so stops it. */
    private String startedBy;

    /**
     * @param openApi the classpath resource of the service's openapi.yaml; null for a service without an API (the web
     *     console), whose client then validates nothing
     * @param port where the running service listens
     * @param database the running service's database
     */
    protected ServiceUnderTest(String openApi, ToIntFunction<A> port, Function<A, Database> database) {
        this.openApi = openApi;
        this.portOf = port;
        this.databaseOf = database;
    }

    // ------------------------------------------------------------------ what a service says about itself

    /** The service's own test-friendly settings, on top of the common ones. */
    protected Map<String, String> defaults() {
        return Map.of();
    }

    /** The clock when the test names none. */
    protected Clock defaultClock() {
        return Clock.systemUTC();
    }

    /** Builds the service through its composition root from this environment and clock, and starts it. */
    protected abstract A launch(Env env, Clock clock);

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    // ------------------------------------------------------------------ configuration (before the start)

    /** Sets an environment variable of the service. */
    public S with(String name, String value) {
        return with(name, () -> value);
    }

    /** Sets an environment variable read only at the start, e.g. another service's URL once it runs. */
    public S with(String name, Supplier<String> value) {
        overrides.put(name, value);
        removed.remove(name);
        return self();
    }

    public S with(Map<String, String> values) {
        values.forEach(this::with);
        return self();
    }

    /**
     * Leaves out the service's own test defaults ({@link #defaults()}), e.g. for a production-like start: only the
     * common base and the test's overrides apply.
     */
    public S withoutDefaults() {
        this.withDefaults = false;
        return self();
    }

    /** Leaves a variable of the base environment unset, so the service's own default applies. */
    public S without(String name) {
        overrides.remove(name);
        removed.add(name);
        return self();
    }

    /** The service's clock (where its dependencies take one); token expiry is still checked against real time. */
    public S clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        return self();
    }

    /** Runs on an existing database instead of a fresh one. */
    public S database(DatabaseConfig database) {
        this.databaseSource = () -> database;
        return self();
    }

    /** Runs on the database of another service under test (started first): a second instance sharing its state. */
    public S sharingDatabaseWith(ServiceUnderTest<?, ?> other) {
        this.databaseSource = other::databaseConfig;
        return self();
    }

    /**
     * For a service that verifies access tokens: with auth-service's JWKS at {@code authUrl} (read at the start),
     * as {@code main} does, instead of the keys of the test's own {@link TestTokens}.
     */
    public S verifyingTokensOf(Supplier<String> authUrl) {
        tokensOfAuthService = true;
        return with("AUTH_JWKS_URL", () -> authUrl.get() + "/.well-known/jwks.json");
    }

    /** The token verifier a subclass hands to its service: see {@link #verifyingTokensOf}. */
    protected TokenVerifier verifier(AuthKeys configured, JwtSettings settings, TestTokens tokens) {
        return tokensOfAuthService ? configured.verifier(settings, Clock.systemUTC()) : tokens.verifier();
    }

    /** Runs after each start, e.g. to provision what the test needs through the service's own code. */
    public S onStart(Consumer<S> action) {
        onStart.add(action);
        return self();
    }

    // ------------------------------------------------------------------ lifecycle

    public S start() {
        if (app != null) {
            throw new IllegalStateException(getClass().getSimpleName() + " is already running");
        }
        database = databaseSource.get();
        Map<String, String> values = new HashMap<>();
        values.put("DATABASE_URL", database.jdbcUrl());
        values.put("DATABASE_USER", database.user());
        values.put("DATABASE_PASSWORD", database.password());
        values.put("HOST", "127.0.0.1");
        values.put("PORT", "0");
        values.put("PORTAL_DATA_DIR", temporaryDirectory().toString());
        if (withDefaults) {
            values.putAll(defaults());
        }
        overrides.forEach((name, value) -> values.put(name, value.get()));
        removed.forEach(values::remove);
        env = Map.copyOf(values);
        app = launch(new Env(env), resolvedClock());
        try {
            client = new ApiClient("http://127.0.0.1:" + portOf.applyAsInt(app), openApi);
            onStart.forEach(action -> action.accept(self()));
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        return self();
    }

    /** Fails on any OpenAPI violation the client saw, after stopping the service either way. */
    @Override
    public void close() {
        if (app == null) {
            return;
        }
        try {
            if (client != null) {
                client.assertNoViolations();
            }
        } finally {
            try {
                app.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop " + getClass().getSimpleName(), e);
            } finally {
                app = null;
            }
        }
    }

    public boolean isRunning() {
        return app != null;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startFor(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        startFor(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopFor(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopFor(context);
    }

    /** A static field's extension sees the class first and keeps running for its tests (and nested classes). */
    private void startFor(ExtensionContext context) {
        if (startedBy == null) {
            start();
            startedBy = context.getUniqueId();
        }
    }

    private void stopFor(ExtensionContext context) {
        if (context.getUniqueId().equals(startedBy)) {
            startedBy = null;
            close();
        }
    }

    // ------------------------------------------------------------------ the running service

    public A app() {
        return running(app);
    }

    public ApiClient client() {
        return running(client);
    }

    public String url() {
        return client().baseUrl();
    }

    public int port() {
        return portOf.applyAsInt(app());
    }

    /** The database the service runs on, e.g. for a second instance. */
    public DatabaseConfig databaseConfig() {
        return running(database);
    }

    /** The service's own Jdbi (its schema on the search path). */
    public Jdbi jdbi() {
        return databaseOf.apply(app()).jdbi();
    }

    /** The environment the service was built from. */
    public Map<String, String> env() {
        return running(env);
    }

    public Path dataDir() {
        return Path.of(env().get("PORTAL_DATA_DIR"));
    }

    /** The clock the service runs on. */
    public Clock clock() {
        return resolvedClock();
    }

    private Clock resolvedClock() {
        if (clock == null) {
            clock = defaultClock();
        }
        return clock;
    }

    /** A single number from SQL with positional parameters, e.g. {@code count("SELECT count(*) FROM t WHERE x = ?", x)}. */
    public long count(String sql, Object... args) {
        return jdbi().withHandle(h -> {
            var query = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                query.bind(i, args[i]);
            }
            return query.mapTo(Long.class).one();
        });
    }

    private <T> T running(T value) {
        if (app == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " is not running: register it with "
                    + "@RegisterExtension or call start()");
        }
        return value;
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("service-under-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
