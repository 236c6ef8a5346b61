package dev.portalsuite.console;

import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.testing.ServiceUnderTest;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * web-console under test ({@link ServiceUnderTest}): built by {@link ConsoleApp#create} with its one backend HTTP
 * client, in front of auth-, portal- and freshness-service wherever {@link #backends} says. The console has no API
 * of its own, so its {@link #client()} validates nothing; pages are driven by a cookie-keeping client or a browser.
 */
public final class ConsoleUnderTest extends ServiceUnderTest<ConsoleApp, ConsoleUnderTest> {
    private UnaryOperator<ConsoleApp.Deps> deps = d -> d;

    public ConsoleUnderTest() {
        super(null, ConsoleApp::port, ConsoleApp::database);
    }

    @Override
    protected Map<String, String> defaults() {
        return Map.of("CONSOLE_BACKEND_TIMEOUT", "PT5S");
    }

    @Override
    protected ConsoleApp launch(Env env, Clock clock) {
        ConsoleConfig config = ConsoleConfig.fromEnv(env);
        return ConsoleApp.create(config, deps.apply(new ConsoleApp.Deps(clock, ConsoleApp.Deps.httpClient(config.backendTimeout()))))
                .start();
    }

    /** Other dependencies than the default ones, e.g. the local suite's mailbox. */
    public ConsoleUnderTest deps(UnaryOperator<ConsoleApp.Deps> deps) {
        this.deps = deps;
        return this;
    }

    /** The three APIs the console calls, each read at the start (e.g. {@code auth::url} of a service under test). */
    public ConsoleUnderTest backends(Supplier<String> authUrl, Supplier<String> portalUrl, Supplier<String> freshnessUrl) {
        return with("AUTH_URL", authUrl).with("PORTAL_URL", portalUrl).with("FRESHNESS_URL", freshnessUrl);
    }

    /** All three APIs behind one origin (nginx in front of the suite). */
    public ConsoleUnderTest backends(Supplier<String> origin) {
        return backends(origin, origin, origin);
    }
}
