package dev.portalsuite.shared.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The query-parameter rule, derived from a service's openapi.yaml rather than listed by hand: for every query
 * parameter of every GET operation, a request with one valid value (not a 400) and requests with an empty value, a
 * repeated value and each out-of-range or malformed value (each a 400 naming the parameter).
 */
public final class QueryParameterCases {

    /** One request: {@code path} with its path parameters filled in, and the query to send. */
    public record Case(String operationPath, String path, String parameter, String kind, List<Map.Entry<String, String>> query,
                       boolean expect400) {
        /**
         * Sends the case and checks the answer: a 400 problem naming exactly the parameter where one is due, else any
         * answer below 500 that is not a 400.
         */
        public void check(ApiClient client, String bearerToken) {
            ApiResponse response = send(client, bearerToken);
            if (expect400) {
                assertThat(response.status()).as(response.toString()).isEqualTo(400);
                assertThat(response.isProblem()).isTrue();
                assertThat(response.errorFields()).as(response.toString()).containsExactly(parameter);
            } else {
                assertThat(response.status()).as(response.toString()).isNotEqualTo(400).isLessThan(500);
            }
        }

        public ApiResponse send(ApiClient client, String bearerToken) {
            ApiClient.Call call = client.get(path).invalidRequest();
            if (bearerToken != null) {
                call.bearer(bearerToken);
            }
            query.forEach(entry -> call.addQuery(entry.getKey(), entry.getValue()));
            return call.send();
        }

        @Override
        public String toString() {
            return "GET " + operationPath + " " + parameter + " " + kind + " " + query;
        }
    }

    private QueryParameterCases() {
    }

    public static Stream<Case> of(String specResource) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        OpenAPI api = new OpenAPIV3Parser().readContents(read(specResource), null, options).getOpenAPI();
        Objects.requireNonNull(api, "could not parse " + specResource);
        List<Case> cases = new ArrayList<>();
        api.getPaths().forEach((template, item) -> {
            Operation get = item.getGet();
            if (get == null) {
                return;
            }
            List<Parameter> parameters = new ArrayList<>();
            if (item.getParameters() != null) {
                parameters.addAll(item.getParameters());
            }
            if (get.getParameters() != null) {
                parameters.addAll(get.getParameters());
            }
            String path = fillPath(template, parameters);
            for (Parameter parameter : parameters) {
                if ("query".equals(parameter.getIn())) {
                    cases.addAll(casesFor(template, path, parameter.getName(), parameter.getSchema()));
                }
            }
        });
        if (cases.isEmpty()) {
            throw new IllegalStateException(specResource + " declares no query parameter");
        }
        return cases.stream();
    }

    private static List<Case> casesFor(String template, String path, String name, Schema<?> schema) {
        String valid = validValue(schema);
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(template, path, name, "valid once", List.of(Map.entry(name, valid)), false));
        cases.add(new Case(template, path, name, "empty", List.of(Map.entry(name, "")), true));
        cases.add(new Case(template, path, name, "blank", List.of(Map.entry(name, " ")), true));
        cases.add(new Case(template, path, name, "repeated", List.of(Map.entry(name, valid), Map.entry(name, valid)), true));
        cases.add(new Case(template, path, name, "empty then valid", List.of(Map.entry(name, ""), Map.entry(name, valid)), true));
        if ("date-time".equals(schema.getFormat())) {
            // the documented timestamp rule: Z or an offset
            cases.add(new Case(template, path, name, "valid with an offset",
                    List.of(Map.entry(name, "2026-01-01T01:00:00+01:00")), false));
        }
        for (String invalid : invalidValues(schema)) {
            cases.add(new Case(template, path, name, "invalid", List.of(Map.entry(name, invalid)), true));
        }
        return cases;
    }

    private static String validValue(Schema<?> schema) {
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
            return String.valueOf(schema.getEnum().get(0));
        }
        String type = type(schema);
        if ("integer".equals(type)) {
            if (schema.getDefault() != null) {
                return String.valueOf(schema.getDefault());
            }
            return schema.getMinimum() != null ? schema.getMinimum().toBigInteger().toString() : "1";
        }
        if ("boolean".equals(type)) {
            return "true";
        }
        if ("uuid".equals(schema.getFormat())) {
            return UUID.randomUUID().toString();
        }
        if ("date-time".equals(schema.getFormat())) {
            return "2026-01-01T00:00:00Z";
        }
        // an opaque token (a cursor) is valid only in the shape the spec's example shows
        return schema.getExample() != null ? String.valueOf(schema.getExample()) : "abc";
    }

    private static List<String> invalidValues(Schema<?> schema) {
        List<String> invalid = new ArrayList<>();
        String type = type(schema);
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
            invalid.add("not-one-of-them");
        } else if ("integer".equals(type)) {
            invalid.add("ten");
            invalid.add("1.5");
            BigDecimal minimum = schema.getMinimum();
            BigDecimal maximum = schema.getMaximum();
            if (minimum != null) {
                invalid.add(minimum.toBigInteger().subtract(java.math.BigInteger.ONE).toString());
            }
            // every integer parameter states its maximum; without one, 2^63 stands in for "too large"
            invalid.add(maximum != null ? maximum.toBigInteger().add(java.math.BigInteger.ONE).toString() : "9223372036854775808");
        } else if ("boolean".equals(type)) {
            invalid.add("maybe");
        } else if ("uuid".equals(schema.getFormat())) {
            invalid.add("not-a-uuid");
        } else if ("date-time".equals(schema.getFormat())) {
            invalid.add("2026-13-01T00:00:00Z");
            invalid.add("yesterday");
        } else if (schema.getMaxLength() != null) {
            invalid.add("x".repeat(schema.getMaxLength() + 1));
        }
        return invalid;
    }

    private static String type(Schema<?> schema) {
        if (schema.getType() != null) {
            return schema.getType();
        }
        return schema.getTypes() == null || schema.getTypes().isEmpty() ? null : schema.getTypes().iterator().next();
    }

    private static String fillPath(String template, List<Parameter> parameters) {
        String path = template;
        for (Parameter parameter : parameters) {
            if ("path".equals(parameter.getIn())) {
                Schema<?> schema = parameter.getSchema();
                String value = schema != null && "uuid".equals(schema.getFormat()) ? UUID.randomUUID().toString()
                        : schema != null && schema.getExample() != null ? String.valueOf(schema.getExample()) : "x";
                path = path.replace("{" + parameter.getName() + "}", value);
            }
        }
        return path;
    }

    private static String read(String resource) {
        try (InputStream in = QueryParameterCases.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no spec at " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
