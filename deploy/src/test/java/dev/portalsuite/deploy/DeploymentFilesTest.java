package dev.portalsuite.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.portalsuite.shared.config.Env;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production files cannot run here (no Docker engine, no cluster, no systemd as PID 1), so this checks them
 * statically: every environment variable they set is one the process they start reads (found in the code by
 * {@link KnownVariables}, not kept by hand), secret-looking variables come from secrets rather than literals,
 * probes point at the health paths the services really serve, commands name existing main classes and jars, the
 * routes agree between the nginx configurations and the Ingress, and both nginx configurations pass {@code nginx -t}.
 */
class DeploymentFilesTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path DEPLOY = ROOT.resolve("deploy");
    private static final Map<String, Set<String>> READS = KnownVariables.scan(ROOT);
    /** Names whose value is a credential: never a literal in a deployment file. */
    private static final Pattern SECRET = Pattern.compile(".*(PASSWORD|SECRET|API_KEY|PRIVATE|TOKEN|CREDENTIAL).*");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern MAIN_CLASS = Pattern.compile("\\bdev\\.portalsuite\\.[a-z.]+\\.[A-Z]\\w+\\b");

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------ the known variables

    @Test
    void theScanFindsWhatEachModuleReadsAndTheConfigurationPageListsEveryVariable() throws IOException {
        assertThat(READS.keySet()).contains("PORTAL_ENV", "DATABASE_URL", "DATABASE_PASSWORD", "TRUSTED_PROXIES", "LOG_LEVEL",
                "AUTH_SIGNING_KEY_FILE", "AUTH_PREVIOUS_KEY_FILES", "BOOTSTRAP_ADMIN_PASSWORD", "AUTH_JWKS_URL",
                "PUBLIC_BASE_URL", "HEIMDAL_API_KEY", "SYNC_CLIENT_SECRET", "NGINX_PORT", "NGINX_BIN", "PORTAL_DATA_DIR");
        assertThat(READS.get("AUTH_SIGNING_KEY_FILE")).containsExactly("auth-service");
        assertThat(READS.get("PUBLIC_BASE_URL")).containsExactly("deploy", "freshness-service");
        assertThat(READS.get("HEIMDAL_API_KEY")).containsExactly("heimdal-sync");
        assertThat(READS.get("DATABASE_URL")).contains("shared-lib");
        assertThat(READS.get("LOG_LEVEL")).containsExactly("shared-lib");
        // a variable counts as documented when it names a row (the first cell) of a table on docs/configuration.md
        Set<String> documented = Files.readAllLines(ROOT.resolve("docs/configuration.md")).stream()
                .filter(line -> line.startsWith("| `"))
                .map(line -> line.substring(1, line.indexOf('|', 1)))
                .flatMap(cell -> Pattern.compile("`([A-Z][A-Z0-9_]*)`").matcher(cell).results().map(m -> m.group(1)))
                .collect(Collectors.toSet());
        Set<String> undocumented = READS.keySet().stream()
                .filter(name -> !name.equals("PATH"))
                .filter(name -> !documented.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(undocumented).as("variables the code reads but docs/configuration.md does not list").isEmpty();
        assertThat(Files.readString(ROOT.resolve("README.md"))).as("the README points newcomers at the configuration page")
                .contains("(docs/configuration.md)");
    }

    // ------------------------------------------------------------------ systemd and cron

    @Test
    void systemdUnitsRunExistingMainClassesWithTheirOwnEnvironmentFileAndHardening() throws Exception {
        for (String unit : List.of("auth-service", "portal-service", "freshness-service", "web-console", "heimdal-sync")) {
            String text = Files.readString(DEPLOY.resolve("systemd/" + unit + ".service"));
            Map<String, List<String>> keys = unitKeys(text);
            assertThat(keys.get("EnvironmentFile")).as(unit).containsExactly("/etc/portal-suite/" + unit + ".env");
            assertThat(keys.getOrDefault("Environment", List.of())).as("%s: configuration belongs in the environment file", unit).isEmpty();
            String exec = single(keys, "ExecStart", unit);
            assertThat(exec).startsWith("/usr/bin/java ");
            String module = assertRunsSomethingReal(exec, "/opt/portal-suite/");
            assertThat(module).isEqualTo(unit);
            for (String setting : List.of("NoNewPrivileges=true", "ProtectSystem=strict", "ProtectHome=true", "PrivateTmp=true",
                    "PrivateDevices=true", "User=portal")) {
                assertThat(text).as(unit).contains("\n" + setting + "\n");
            }
            if (!unit.equals("heimdal-sync")) {
                assertThat(single(keys, "Restart", unit)).isEqualTo("on-failure");
                assertThat(single(keys, "SuccessExitStatus", unit)).as("the JVM exits 143 on SIGTERM").isEqualTo("143");
                assertThat(single(keys, "WantedBy", unit)).isEqualTo("multi-user.target");
            }
            Map<String, String> example = envFile(DEPLOY.resolve("systemd/" + unit + ".env.example"));
            assertKnownAndNoLiteralSecrets("systemd/" + unit + ".env.example", example, module);
            assertThat(example).containsEntry("PORTAL_ENV", "production");
        }
        assertThat(Files.readString(DEPLOY.resolve("systemd/heimdal-sync.timer"))).contains("Unit=heimdal-sync.service");
        String cron = Files.readString(DEPLOY.resolve("cron/heimdal-sync.cron"));
        assertThat(cron).contains(". /etc/portal-suite/heimdal-sync.env");
        assertRunsSomethingReal(cron.lines().filter(l -> l.startsWith("17 ")).findFirst().orElseThrow(), "/opt/portal-suite/");
        systemdAnalyzeVerify();
    }

    /** {@code systemd-analyze verify}, where installed: unknown keys, bad values and sections are warnings there. */
    private void systemdAnalyzeVerify() throws Exception {
        Optional<Path> analyze = Stream.of("/usr/bin/systemd-analyze", "/bin/systemd-analyze").map(Path::of)
                .filter(Files::isExecutable).findFirst();
        if (analyze.isEmpty()) {
            System.out.println("systemd-analyze not installed: unit files checked statically only");
            return;
        }
        List<String> command = new ArrayList<>(List.of(analyze.get().toString(), "verify"));
        try (Stream<Path> units = Files.list(DEPLOY.resolve("systemd"))) {
            units.filter(p -> p.toString().endsWith(".service") || p.toString().endsWith(".timer"))
                    .sorted().forEach(p -> command.add(p.toString()));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // ExecStart's binary and the portal user exist only on a real host; anything else is a mistake in the units
        List<String> complaints = output.lines()
                .filter(line -> !line.isBlank())
                .filter(line -> !line.contains("/opt/portal-suite") && !line.contains("User=") && !line.contains("portal'"))
                .toList();
        assertThat(complaints).as("systemd-analyze verify:\n%s", output).isEmpty();
    }

    // ------------------------------------------------------------------ Docker

    @Test
    void theImageCarriesBothJarsAndRunsAServiceByMainClass() throws Exception {
        String dockerfile = Files.readString(DEPLOY.resolve("docker/Dockerfile"));
        assertThat(dockerfile).contains("/app/portal-suite.jar", "/app/heimdal-sync.jar")
                .contains("cp deploy/target/portal-suite.jar ")
                .contains("/src/heimdal-sync/target/heimdal-sync.jar");
        assertThat(finalName("deploy")).isEqualTo("portal-suite");
        assertThat(finalName("heimdal-sync")).isEqualTo("heimdal-sync");
        Matcher entrypoint = Pattern.compile("ENTRYPOINT (\\[.*])").matcher(dockerfile);
        assertThat(entrypoint.find()).isTrue();
        assertThat(entrypoint.group(1)).contains("\"-cp\", \"/app/portal-suite.jar\"");
        Matcher cmd = Pattern.compile("CMD \\[\"([^\"]+)\"]").matcher(dockerfile);
        assertThat(cmd.find()).isTrue();
        assertMainClass(cmd.group(1));
        assertThat(dockerfile).contains("USER 10001:10001");
        assertThat(DEPLOY.resolve("docker/Dockerfile.dockerignore")).exists();
    }

    @Test
    void composeServicesAreKnownVariablesSecretsByInterpolationTwoReplicasAndRealHealthChecks() throws Exception {
        // SnakeYAML (under Jackson's YAML module) resolves the file's merge keys (<<: *service); Jackson itself does not
        JsonNode compose;
        try (var reader = Files.newBufferedReader(DEPLOY.resolve("docker-compose.yml"))) {
            compose = new ObjectMapper().valueToTree(new org.yaml.snakeyaml.Yaml().load(reader));
        }
        JsonNode services = compose.get("services");
        Map<String, String> expected = Map.of("auth-service", "7001", "portal-service", "7002", "freshness-service", "7003",
                "web-console", "7004");
        for (var entry : expected.entrySet()) {
            JsonNode service = services.get(entry.getKey());
            assertThat(service).as(entry.getKey()).isNotNull();
            String module = moduleOf(assertMainClass(service.get("command").get(0).asText()));
            assertThat(module).isEqualTo(entry.getKey());
            assertThat(service.at("/deploy/replicas").asInt()).as("%s replicas", entry.getKey()).isGreaterThanOrEqualTo(2);
            Map<String, String> env = fields(service.get("environment"));
            assertThat(env).containsEntry("PORT", entry.getValue()).containsEntry("PORTAL_ENV", "production");
            assertKnownAndNoLiteralSecrets("docker-compose.yml " + entry.getKey(), env, module);
            assertThat(service.at("/healthcheck/test").toString())
                    .contains("http://127.0.0.1:" + entry.getValue() + assertRealHealthPath("/health/ready"));
            assertThat(service.at("/build/dockerfile").asText()).isEqualTo("deploy/docker/Dockerfile");
            assertThat(DEPLOY.resolve(service.at("/build/context").asText()).resolve(service.at("/build/dockerfile").asText())).exists();
        }
        assertThat(services.at("/auth-service/secrets/0").asText()).isEqualTo("auth_signing_key");
        assertThat(fields(services.at("/auth-service/environment"))).containsEntry("AUTH_SIGNING_KEY_FILE", "/run/secrets/auth_signing_key");
        assertThat(compose.at("/secrets/auth_signing_key/file").asText()).startsWith("./secrets/");

        JsonNode sync = services.get("heimdal-sync");
        String entrypoint = String.join(" ", YAML.convertValue(sync.get("entrypoint"), String[].class));
        assertThat(assertRunsSomethingReal(entrypoint, "/app/")).isEqualTo("heimdal-sync");
        assertThat(sync.get("restart").asText()).isEqualTo("no");
        assertKnownAndNoLiteralSecrets("docker-compose.yml heimdal-sync", fields(sync.get("environment")), "heimdal-sync");

        JsonNode nginx = services.get("nginx");
        String mount = nginx.get("volumes").get(0).asText();
        assertThat(mount).startsWith("./nginx/compose.conf:");
        assertThat(DEPLOY.resolve("nginx/compose.conf")).exists();
        // the postgres image's own variables are the image's business, but its passwords come from deploy/.env too
        fields(services.at("/postgres/environment")).forEach((name, value) -> {
            if (SECRET.matcher(name).matches()) {
                assertInterpolated("docker-compose.yml postgres " + name, value);
            }
        });
        String sql = Files.readString(DEPLOY.resolve("postgres/create-roles.sql"));
        for (var entry : expected.entrySet()) {
            String role = fields(services.get(entry.getKey()).get("environment")).get("DATABASE_USER");
            assertThat(sql).contains("CREATE ROLE " + role + " LOGIN");
        }
    }

    // ------------------------------------------------------------------ Kubernetes

    @Test
    void kubernetesManifestsUseKnownVariablesSecretRefsRealProbesAndConsistentPorts() throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (var parser = YAML.getFactory().createParser(file.toFile())) {
                    Iterator<JsonNode> docs = YAML.readValues(parser, JsonNode.class);
                    docs.forEachRemaining(doc -> {
                        if (doc != null && !doc.isMissingNode() && doc.has("kind")) {
                            documents.add(doc);
                        }
                    });
                }
            }
        }
        Map<String, JsonNode> configMaps = byKind(documents, "ConfigMap");
        Map<String, JsonNode> deployments = byKind(documents, "Deployment");
        Map<String, JsonNode> services = byKind(documents, "Service");
        assertThat(deployments.keySet()).containsExactlyInAnyOrder("auth-service", "portal-service", "freshness-service",
                "web-console");
        configMaps.forEach((name, map) -> fields(map.get("data")).forEach((key, value) ->
                assertThat(SECRET.matcher(key).matches()).as("ConfigMap %s holds the secret-looking %s", name, key).isFalse()));

        for (var deployment : deployments.entrySet()) {
            String name = deployment.getKey();
            JsonNode spec = deployment.getValue().get("spec");
            assertThat(spec.get("replicas").asInt()).as("%s replicas", name).isGreaterThanOrEqualTo(2);
            JsonNode container = spec.at("/template/spec/containers/0");
            String module = moduleOf(assertMainClass(container.get("args").get(0).asText()));
            assertThat(module).isEqualTo(name);
            assertThat(container.get("image").asText()).isEqualTo("portal-suite:0.1.0");
            int containerPort = container.at("/ports/0/containerPort").asInt();

            Map<String, String> env = new TreeMap<>();
            for (JsonNode from : container.path("envFrom")) {
                assertThat(from.has("secretRef") || from.has("configMapRef")).isTrue();
                if (from.has("configMapRef")) {
                    JsonNode map = configMaps.get(from.at("/configMapRef/name").asText());
                    assertThat(map).as("%s: ConfigMap %s is in deploy/k8s", name, from.at("/configMapRef/name").asText()).isNotNull();
                    env.putAll(fields(map.get("data")));
                }
            }
            for (JsonNode variable : container.path("env")) {
                String key = variable.get("name").asText();
                if (variable.has("value")) {
                    assertThat(SECRET.matcher(key).matches()).as("%s: %s is a literal", name, key).isFalse();
                    env.put(key, variable.get("value").asText());
                } else {
                    assertThat(variable.at("/valueFrom/secretKeyRef/name").isMissingNode())
                            .as("%s: %s comes from a Secret", name, key).isFalse();
                    env.put(key, "<secret>");
                }
            }
            assertKnownAndNoLiteralSecrets("k8s " + name, env, module);
            assertThat(env).containsEntry("PORT", Integer.toString(containerPort)).containsKey("DATABASE_PASSWORD");

            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo(assertRealHealthPath("/health/ready"));
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo(assertRealHealthPath("/health/live"));
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                assertThat(container.at("/" + probe + "/httpGet/port").asText()).isEqualTo(container.at("/ports/0/name").asText());
            }
            assertThat(container.at("/resources/requests/cpu").isMissingNode()).as("%s cpu request", name).isFalse();
            assertThat(container.at("/resources/requests/memory").isMissingNode()).isFalse();
            assertThat(container.at("/resources/limits/memory").isMissingNode()).as("%s memory limit", name).isFalse();
            assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();

            JsonNode service = services.get(name);
            assertThat(service).as("Service %s", name).isNotNull();
            assertThat(fields(service.at("/spec/selector"))).isEqualTo(fields(spec.at("/selector/matchLabels")));
            assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(containerPort);
            assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo(container.at("/ports/0/name").asText());
        }
        // the signing key is a mounted Secret, at the path AUTH_SIGNING_KEY_FILE names
        JsonNode auth = deployments.get("auth-service").at("/spec/template/spec");
        String keyFile = fields(arrayToMap(auth.at("/containers/0/env"))).get("AUTH_SIGNING_KEY_FILE");
        JsonNode mount = find(auth.at("/containers/0/volumeMounts"), m -> keyFile.startsWith(m.get("mountPath").asText() + "/"));
        JsonNode volume = find(auth.get("volumes"), v -> v.get("name").asText().equals(mount.get("name").asText()));
        assertThat(volume.at("/secret/secretName").asText()).isEqualTo("auth-signing-key");

        // the CronJob: the image's heimdal-sync jar, known variables, secrets by reference
        JsonNode cron = byKind(documents, "CronJob").get("heimdal-sync");
        JsonNode job = cron.at("/spec/jobTemplate/spec/template/spec/containers/0");
        assertThat(assertRunsSomethingReal(String.join(" ", YAML.convertValue(job.get("command"), String[].class)), "/app/"))
                .isEqualTo("heimdal-sync");
        assertThat(job.get("image").asText()).isEqualTo("portal-suite:0.1.0");
        Map<String, String> syncEnv = new TreeMap<>(fields(configMaps.get("heimdal-sync").get("data")));
        for (JsonNode variable : job.path("env")) {
            assertThat(variable.at("/valueFrom/secretKeyRef/name").isMissingNode()).as(variable.toString()).isFalse();
            syncEnv.put(variable.get("name").asText(), "<secret>");
        }
        assertKnownAndNoLiteralSecrets("k8s heimdal-sync", syncEnv, "heimdal-sync");
        assertThat(syncEnv.get("PORTAL_URL")).isEqualTo("http://portal-service:" + services.get("portal-service").at("/spec/ports/0/port").asInt());
        assertThat(syncEnv.get("AUTH_URL")).isEqualTo("http://auth-service:" + services.get("auth-service").at("/spec/ports/0/port").asInt());

        // the Ingresses route DESIGN.md's paths to the right Services and ports, with the nginx ingress class
        Map<String, String> routed = new TreeMap<>();
        for (JsonNode ingress : documents.stream().filter(d -> d.get("kind").asText().equals("Ingress")).toList()) {
            assertThat(ingress.at("/spec/ingressClassName").asText()).isEqualTo("nginx");
            for (JsonNode path : ingress.at("/spec/rules/0/http/paths")) {
                String backend = path.at("/backend/service/name").asText();
                assertThat(path.at("/backend/service/port/number").asInt())
                        .isEqualTo(services.get(backend).at("/spec/ports/0/port").asInt());
                routed.put(path.get("path").asText(), backend);
            }
        }
        assertThat(routed).containsEntry("/api/auth/", "auth-service").containsEntry("/.well-known/jwks.json", "auth-service")
                .containsEntry("/api/portal/", "portal-service").containsEntry("/api/freshness/", "freshness-service")
                .containsEntry("/b/", "freshness-service").containsEntry("/api/auth/login", "auth-service")
                .containsEntry("/api/auth/register", "auth-service").containsEntry("/api/auth/token", "auth-service")
                .containsEntry("/", "web-console");
        // and nothing else; every nginx route is an Ingress path too, or inside one of its prefixes, to the same service
        Map<String, String> nginxRoutes = nginxRoutes(productionConf());
        routed.forEach((path, backend) -> assertThat(nginxRoutes).containsEntry(path, upstreamName(backend)));
        nginxRoutes.forEach((path, service) -> assertThat(routed.entrySet().stream().anyMatch(r ->
                (r.getKey().equals(path) || (r.getKey().endsWith("/") && path.startsWith(r.getKey())))
                        && upstreamName(r.getValue()).equals(service))).as("the Ingress routes %s to %s", path, service).isTrue());
    }

    // ------------------------------------------------------------------ nginx

    @Test
    void theNginxConfigurationsRouteTheSamePathsToTheSameServicesWithTheSameLimits() throws IOException {
        String production = productionConf();
        String local = Nginx.render(8080, Nginx.Upstreams.single(7001, 7002, 7003, 7004), Optional.empty());
        String compose = Files.readString(DEPLOY.resolve("nginx/compose.conf"));
        Map<String, String> routes = nginxRoutes(production);
        assertThat(routes).containsEntry("/api/auth/", "auth").containsEntry("/.well-known/jwks.json", "auth")
                .containsEntry("/api/portal/", "portal").containsEntry("/api/freshness/", "freshness")
                .containsEntry("/b/", "freshness").containsEntry("/api/auth/login", "auth").containsEntry("/api/auth/token", "auth")
                .containsEntry("/", "console");
        assertThat(nginxRoutes(local)).isEqualTo(routes);
        assertThat(nginxRoutes(compose)).isEqualTo(routes);
        for (String conf : List.of(local, compose)) {
            for (String directive : List.of("limit_req", "limit_req_zone", "client_max_body_size", "proxy_next_upstream",
                    "proxy_next_upstream_tries", "proxy_cache", "proxy_set_header", "proxy_hide_header", "gzip_types",
                    "error_page", "return")) {
                assertThat(directives(conf, directive)).as(directive).isEqualTo(directives(production, directive).stream()
                        .filter(d -> !d.startsWith("return 301 https://")).toList()); // production's HTTP → HTTPS redirect
            }
            assertThat(directives(conf, "add_header")).isEqualTo(directives(production, "add_header").stream()
                    .filter(h -> !h.contains("Strict-Transport-Security")).toList());
        }
        // production: TLS at certbot's paths, HSTS, HTTP redirected (apart from certbot's challenges)
        assertThat(production).contains("ssl_certificate /etc/letsencrypt/live/portal.example.com/fullchain.pem;",
                "ssl_certificate_key /etc/letsencrypt/live/portal.example.com/privkey.pem;",
                "add_header Strict-Transport-Security", "return 301 https://$host$request_uri;",
                "location /.well-known/acme-challenge/", "limit_req_status 429;",
                "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;", "proxy_set_header X-Forwarded-Proto $scheme;");
        assertThat(Pattern.compile("upstream portal_(auth|portal|freshness) \\{[^}]*server [^;]+;[^}]*server [^;]+;", Pattern.DOTALL)
                .matcher(production).results().count()).as("several instances per upstream").isEqualTo(3);
    }

    @Test
    void theProductionConfigurationPassesNginxTestWithACertificateWhereCertbotPutsIt() throws Exception {
        Path nginx = nginxOrSkip();
        Path certs = tmp.resolve("letsencrypt");
        Files.createDirectories(certs);
        selfSignedCertificate(certs.resolve("fullchain.pem"), certs.resolve("privkey.pem"));
        String site = productionConf()
                .replace("/etc/letsencrypt/live/portal.example.com/", certs + "/")
                .replace("/var/cache/nginx/portal-suite", tmp.resolve("cache").toString())
                .replace("/var/log/nginx/", tmp + "/");
        Files.writeString(tmp.resolve("portal-suite.conf"), site);
        // nginx's own main configuration around it, as /etc/nginx/nginx.conf includes conf.d/*.conf in http { }
        Files.writeString(tmp.resolve("nginx.conf"), """
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events {}
                http {
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    access_log %1$s/access.log;
                    include %1$s/portal-suite.conf;
                }
                """.formatted(tmp));
        assertNginxTest(nginx, tmp.resolve("nginx.conf"));
    }

    @Test
    void theLocalTemplateRendersToAConfigurationThatPassesNginxTest() throws Exception {
        Path nginx = nginxOrSkip();
        String rendered = Nginx.render(18080, new Nginx.Upstreams(List.of(7001, 7011), List.of(7002), List.of(7003),
                List.of(7004, 7014)), Optional.empty());
        assertThat(rendered).doesNotContain("{{").contains("server 127.0.0.1:7011 ");
        for (String dir : List.of("conf", "logs", "temp", "cache")) {
            Files.createDirectories(tmp.resolve(dir));
        }
        Files.writeString(tmp.resolve("conf/nginx.conf"), rendered);
        assertNginxTest(nginx, tmp.resolve("conf/nginx.conf"));
    }

    private static Path nginxOrSkip() {
        Optional<Path> nginx = Nginx.locate(Env.system());
        if (nginx.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("nginx is not installed, but CI=true: install it (apt-get install -y nginx; .ci/run does)");
            }
            Assumptions.abort("nginx is not installed: nginx -t skipped");
        }
        return nginx.get();
    }

    private void assertNginxTest(Path nginx, Path conf) throws Exception {
        Process process = new ProcessBuilder(nginx.toString(), "-t", "-p", tmp + "/", "-c", conf.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("nginx -t:\n%s", output).isZero();
        assertThat(output).contains("test is successful");
        // nginx 1.25.1+ prefers `http2 on;`, which 1.22 (Debian 12) does not know; the `listen … http2` form works on both
        assertThat(output.lines().filter(line -> line.contains("[warn]"))
                .filter(line -> !line.contains("the \"listen ... http2\" directive is deprecated")))
                .as("nginx -t warnings:\n%s", output).isEmpty();
    }

    /** A throwaway certificate made with the JDK's keytool, written as PEM the way certbot writes its files. */
    private void selfSignedCertificate(Path fullchain, Path privkey) throws Exception {
        Path store = tmp.resolve("cert.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", "RSA", "-keysize", "2048", "-alias", "site", "-dname", "CN=portal.example.com",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        Base64.Encoder pem = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(fullchain, "-----BEGIN CERTIFICATE-----\n" + pem.encodeToString(keys.getCertificate("site").getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Files.writeString(privkey, "-----BEGIN PRIVATE KEY-----\n"
                + pem.encodeToString(keys.getKey("site", "changeit".toCharArray()).getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    }

    private static String productionConf() throws IOException {
        return Files.readString(DEPLOY.resolve("nginx/portal-suite.conf"));
    }

    /** The Kubernetes Service's name as nginx's upstreams call it: auth-service → auth, web-console → console. */
    private static String upstreamName(String service) {
        return service.equals("web-console") ? "console" : service.replace("-service", "");
    }

    /** {@code location [=] path} → the service its proxy_pass names (auth, portal, freshness, console); named locations left out. */
    private static Map<String, String> nginxRoutes(String conf) {
        Map<String, String> routes = new TreeMap<>();
        Matcher matcher = Pattern.compile("location (?:= )?(/\\S*) \\{([^}]*)}").matcher(conf);
        while (matcher.find()) {
            Matcher pass = Pattern.compile("proxy_pass http://(?:portal_|web_)?(auth|portal|freshness|console)(?:_service)?;").matcher(matcher.group(2));
            if (pass.find()) {
                routes.put(matcher.group(1), pass.group(1));
            }
        }
        return routes;
    }

    /** The directive's lines, with the production file's prefixed names ($portal_..., portal_auth_...) unprefixed. */
    private static List<String> directives(String conf, String name) {
        return conf.lines().map(String::trim).filter(l -> l.startsWith(name + " "))
                .map(l -> l.replace("$portal_req_id", "$req_id").replace("$portal_edge_", "$edge_")
                        .replace("$portal_forwarded_proto", "$scheme").replace("portal_auth_", "auth_"))
                .map(l -> l.replaceAll("rate=\\S+;", "rate;"))
                .toList();
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The command runs a main class of the suite from the suite jar, or heimdal-sync's jar, at {@code dir}; the
     * class exists and has a {@code main}. Returns the module that class belongs to.
     */
    private static String assertRunsSomethingReal(String command, String dir) throws Exception {
        if (command.contains("-jar ")) {
            Matcher jar = Pattern.compile("-jar ([^\\s'\"]+)").matcher(command);
            assertThat(jar.find()).isTrue();
            assertThat(jar.group(1)).as(command).isEqualTo(dir + finalName("heimdal-sync") + ".jar");
            assertThat(manifestMainClass("heimdal-sync")).isEqualTo("dev.portalsuite.sync.HeimdalSync");
            return moduleOf(assertMainClass("dev.portalsuite.sync.HeimdalSync"));
        }
        assertThat(command).as(command).contains("-cp " + dir + finalName("deploy") + ".jar ");
        Matcher main = MAIN_CLASS.matcher(command);
        assertThat(main.find()).as("a main class in %s", command).isTrue();
        return moduleOf(assertMainClass(main.group()));
    }

    private static String assertMainClass(String name) throws Exception {
        Class<?> type = Class.forName(name);
        Method main = type.getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers())).as(name + ".main is static").isTrue();
        return name;
    }

    private static String moduleOf(String mainClass) {
        return switch (mainClass.split("\\.")[2]) {
            case "auth" -> "auth-service";
            case "portal" -> "portal-service";
            case "freshness" -> "freshness-service";
            case "console" -> "web-console";
            case "sync" -> "heimdal-sync";
            case "deploy" -> "deploy";
            default -> throw new AssertionError("which module runs " + mainClass + "?");
        };
    }

    private static String finalName(String module) throws IOException {
        Matcher matcher = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(Files.readString(ROOT.resolve(module).resolve("pom.xml")));
        assertThat(matcher.find()).as(module + " builds a named jar").isTrue();
        return matcher.group(1);
    }

    private static String manifestMainClass(String module) throws IOException {
        Matcher matcher = Pattern.compile("<mainClass>([^<]+)</mainClass>").matcher(Files.readString(ROOT.resolve(module).resolve("pom.xml")));
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    /** Health paths the services really serve: shared-lib's ServiceServer registers them for every service. */
    private static String assertRealHealthPath(String path) throws IOException {
        String server = Files.readString(ROOT.resolve("shared-lib/src/main/java/dev/portalsuite/shared/web/ServiceServer.java"));
        assertThat(server).contains("config.routes.get(\"" + path + "\"");
        return path;
    }

    private static void assertKnownAndNoLiteralSecrets(String where, Map<String, String> env, String module) {
        Set<String> readable = KnownVariables.readBy(READS, module);
        Set<String> unknown = new TreeSet<>(env.keySet());
        unknown.removeAll(readable);
        assertThat(unknown).as("%s sets variables %s never reads", where, module).isEmpty();
        env.forEach((name, value) -> {
            if (SECRET.matcher(name).matches()) {
                if (where.contains("env.example")) {
                    assertThat(value).as("%s: %s is left empty for the operator", where, name).isEmpty();
                } else if (where.startsWith("docker-compose")) {
                    assertInterpolated(where + " " + name, value);
                } else {
                    assertThat(value).as("%s: %s comes from a Secret", where, name).isEqualTo("<secret>");
                }
            }
        });
    }

    /** {@code ${NAME}}, {@code ${NAME:?message}} or {@code ${NAME:-}}: from deploy/.env, never a literal default. */
    private static void assertInterpolated(String where, String value) {
        assertThat(value).as(where).matches("\\$\\{[A-Z][A-Z0-9_]*(:\\?[^}]*|:-)?}");
    }

    private static Map<String, List<String>> unitKeys(String text) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        text.lines().map(String::trim).filter(l -> !l.startsWith("#") && !l.startsWith("[") && l.contains("="))
                .forEach(l -> keys.computeIfAbsent(l.substring(0, l.indexOf('=')), k -> new ArrayList<>()).add(l.substring(l.indexOf('=') + 1)));
        return keys;
    }

    private static String single(Map<String, List<String>> keys, String key, String unit) {
        assertThat(keys.get(key)).as("%s: %s", unit, key).hasSize(1);
        return keys.get(key).get(0);
    }

    private static Map<String, String> envFile(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            assertThat(line).as("%s: KEY=value", file).matches("[A-Z][A-Z0-9_]*=.*");
            env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        return env;
    }

    private static Map<String, String> fields(JsonNode node) {
        Map<String, String> map = new TreeMap<>();
        if (node != null && !(node instanceof MissingNode)) {
            node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        }
        return map;
    }

    private static JsonNode arrayToMap(JsonNode env) {
        var map = YAML.createObjectNode();
        env.forEach(v -> map.put(v.get("name").asText(), v.has("value") ? v.get("value").asText() : "<secret>"));
        return map;
    }

    private static JsonNode find(JsonNode array, java.util.function.Predicate<JsonNode> test) {
        for (JsonNode item : array) {
            if (test.test(item)) {
                return item;
            }
        }
        throw new AssertionError("nothing matching in " + array);
    }

    private static Map<String, JsonNode> byKind(List<JsonNode> documents, String kind) {
        Map<String, JsonNode> found = new HashMap<>();
        documents.stream().filter(d -> d.get("kind").asText().equals(kind))
                .forEach(d -> found.put(d.at("/metadata/name").asText(), d));
        return found;
    }
}
