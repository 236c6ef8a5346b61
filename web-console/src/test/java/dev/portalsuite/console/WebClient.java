package dev.portalsuite.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A browser without a browser for the HTTP-level tests: keeps cookies, does not follow redirects, sends forms the
 * way a same-origin page does ({@code Origin}, {@code Sec-Fetch-Site: same-origin}) and remembers every response
 * so a test can scan them all for tokens.
 */
public final class WebClient {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String baseUrl;
    private final Map<String, Cookie> cookies = new LinkedHashMap<>();
    private final List<Page> history = new ArrayList<>();
    private final OkHttpClient http;

    public WebClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = new OkHttpClient.Builder()
                .followRedirects(false)
                .cookieJar(new CookieJar() {
                    @Override
                    public void saveFromResponse(HttpUrl url, List<Cookie> received) {
                        received.forEach(c -> {
                            if (c.expiresAt() <= System.currentTimeMillis()) {
                                cookies.remove(c.name());
                            } else {
                                cookies.put(c.name(), c);
                            }
                        });
                    }

                    @Override
                    public List<Cookie> loadForRequest(HttpUrl url) {
                        return List.copyOf(cookies.values());
                    }
                })
                .build();
    }

    /** One response as a test looks at it. */
    public record Page(int status, String body, Map<String, List<String>> headers) {
        public String header(String name) {
            for (var entry : headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    return entry.getValue().get(0);
                }
            }
            return null;
        }

        public String location() {
            return header("Location");
        }

        public String csrf() {
            Matcher matcher = CSRF.matcher(body);
            if (!matcher.find()) {
                throw new AssertionError("no CSRF token in page:\n" + body);
            }
            return matcher.group(1);
        }

        /** Everything the browser received, for scanning. */
        public String everything() {
            return headers + "\n" + body;
        }
    }

    public Page get(String path) {
        return send(new Request.Builder().url(baseUrl + path).header("Sec-Fetch-Site", "same-origin").get(), path);
    }

    public Page get(String path, Map<String, String> headers) {
        Request.Builder request = new Request.Builder().url(baseUrl + path);
        headers.forEach(request::header);
        return send(request.get(), path);
    }

    /** Posts a form as a page of this site does. */
    public Page post(String path, Map<String, String> form) {
        return post(path, form, Map.of("Origin", baseUrl, "Sec-Fetch-Site", "same-origin"));
    }

    public Page post(String path, Map<String, String> form, Map<String, String> headers) {
        FormBody.Builder body = new FormBody.Builder();
        form.forEach(body::add);
        Request.Builder request = new Request.Builder().url(baseUrl + path).post(body.build());
        headers.forEach(request::header);
        return send(request, path);
    }

    /** Posts a form with the CSRF token of {@code fromPage}. */
    public Page submit(String fromPage, String action, Map<String, String> form) {
        String token = get(fromPage).csrf();
        Map<String, String> withToken = new LinkedHashMap<>(form);
        withToken.put("_csrf", token);
        return post(action, withToken);
    }

    /** Signs in through the sign-in form; returns the response to the form (a 303 on success). */
    public Page signIn(String email, String password) {
        return submit("/login", "/login", Map.of("email", email, "password", password));
    }

    public Page signInOk(String email, String password) {
        Page page = signIn(email, password);
        if (page.status() != 303) {
            throw new AssertionError("sign-in failed: " + page.status() + "\n" + page.body());
        }
        return page;
    }

    public String cookie(String name) {
        Cookie cookie = cookies.get(name);
        return cookie == null ? null : cookie.value();
    }

    public Cookie rawCookie(String name) {
        return cookies.get(name);
    }

    public void setCookie(String name, String value) {
        cookies.put(name, new Cookie.Builder().name(name).value(value).hostOnlyDomain("127.0.0.1").path("/").build());
    }

    public List<Page> history() {
        return List.copyOf(history);
    }

    private Page send(Request.Builder request, String path) {
        try (Response response = http.newCall(request.build()).execute()) {
            Page page = new Page(response.code(), response.body().string(), response.headers().toMultimap());
            history.add(page);
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        }
    }
}
