package dev.portalsuite.deploy;

import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.DeploymentMode;
import dev.portalsuite.shared.config.Env;
import java.nio.file.Path;
import java.util.Optional;

/** The local suite launcher's own settings; each service still reads its own variables. */
public record SuiteConfig(
        DeploymentMode mode,
        Path dataDir,
        Optional<String> databaseUrl,
        int embeddedDatabasePort,
        int authPort,
        int portalPort,
        int freshnessPort,
        int consolePort,
        int nginxPort,
        Optional<Path> nginxBinary,
        boolean nginxSwitchedOff,
        boolean demoData) {

    public static SuiteConfig fromEnv(Env env) {
        DeploymentMode mode = env.mode();
        boolean demo = env.bool("PORTAL_DEMO_DATA", !mode.isProduction());
        if (demo && mode.isProduction()) {
            throw new ConfigException("PORTAL_DEMO_DATA must not be true when PORTAL_ENV=production");
        }
        return new SuiteConfig(
                mode,
                Path.of(env.string("PORTAL_DATA_DIR", "./.portal-data")).toAbsolutePath().normalize(),
                env.optional("DATABASE_URL"),
                env.port("PORTAL_DB_PORT", 0),
                env.port("AUTH_PORT", 7001),
                env.port("PORTAL_PORT", 7002),
                // a real port: the local suite's QR codes point at it (PUBLIC_BASE_URL)
                env.integer("FRESHNESS_PORT", 7003, 1, 65535),
                // behind nginx; without nginx the console takes NGINX_PORT itself, so the address stays the same
                env.port("CONSOLE_PORT", 7004),
                // the one public origin when nginx is installed (NGINX_BIN=off: no nginx)
                env.integer("NGINX_PORT", 8080, 1, 65535),
                Nginx.locate(env),
                env.optional("NGINX_BIN").filter("off"::equalsIgnoreCase).isPresent(),
                demo);
    }
}
