package dev.portalsuite.shared.ops;

import dev.portalsuite.shared.web.ApiException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.Set;

/** Serves a service's hand-written openapi.yaml and Swagger UI from the swagger-ui webjar. */
public final class ApiDocs {
    private static final String WEBJAR = "/META-INF/resources/webjars/swagger-ui/";
    private static final Set<String> ASSETS = Set.of(
            "swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "favicon-32x32.png");

    private final String basePath;
    private final byte[] spec;
    private final String webjarVersion;

    /**
     * @param basePath e.g. {@code /api/auth}: the spec is served at {@code basePath/openapi.yaml}, the UI at {@code basePath/docs}
     * @param specResource classpath resource of the service's openapi.yaml
     */
    public ApiDocs(String basePath, String specResource) {
        this.basePath = basePath;
        this.spec = readResource(specResource);
        this.webjarVersion = webjarVersion();
    }

    public String specPath() {
        return basePath + "/openapi.yaml";
    }

    public String docsPath() {
        return basePath + "/docs";
    }

    public void serveSpec(Context ctx) {
        ctx.contentType("application/yaml; charset=utf-8").header("Cache-Control", "no-cache").result(spec);
    }

    public void serveUi(Context ctx) {
        String assets = docsPath() + "/assets/";
        ctx.contentType("text/html; charset=utf-8").result("""
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>API documentation</title>
                  <link rel="stylesheet" href="%1$sswagger-ui.css">
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="%1$sswagger-ui-bundle.js"></script>
                  <script src="%1$sswagger-ui-standalone-preset.js"></script>
                  <script>
                    window.ui = SwaggerUIBundle({ url: "%2$s", dom_id: "#swagger-ui",
                      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout" });
                  </script>
                </body>
                </html>
                """.formatted(assets, specPath()));
    }

    public void serveAsset(Context ctx) {
        String name = ctx.pathParam("asset");
        if (!ASSETS.contains(name)) {
            throw ApiException.notFound("No such documentation asset.");
        }
        String type = name.endsWith(".css") ? "text/css" : name.endsWith(".js") ? "text/javascript" : "image/png";
        ctx.contentType(type).header("Cache-Control", "public, max-age=86400")
                .result(readResource(WEBJAR + webjarVersion + "/" + name));
    }

    private static String webjarVersion() {
        Properties properties = new Properties();
        try (InputStream in = ApiDocs.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("swagger-ui webjar is not on the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static byte[] readResource(String resource) {
        try (InputStream in = ApiDocs.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
