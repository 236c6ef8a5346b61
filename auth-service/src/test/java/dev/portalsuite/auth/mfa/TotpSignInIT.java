package dev.portalsuite.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.ProblemAssert;
import dev.portalsuite.shared.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Authenticator-app enrolment, the two-step sign-in, replay and period checks, mfaToken rules and recovery codes. */
class TotpSignInIT {
    private static final TestClock CLOCK = TestClock.ticking(Instant.parse("2026-12-02T08:00:10Z"));
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    private static AuthUnderTest server;
    private static MfaClient mfa;

    @BeforeAll
    static void start() {
        LOGS.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
        server = new AuthUnderTest().with(Map.of("STEP_UP_REQUIRED", "true")).clock(CLOCK).start();
        mfa = new MfaClient(server, CLOCK);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
        server.close();
    }

    private static String password(String email) {
        return "Correct-Horse-" + email.hashCode();
    }

    private static List<String> auditActions(String email) {
        return server.jdbi().withHandle(h -> h.createQuery(
                "SELECT action FROM audit_events WHERE email = :email ORDER BY occurred_at, id")
                .bind("email", email).mapTo(String.class).list());
    }

    private static String wrongCode(String secret) {
        Set<String> valid = new HashSet<>();
        for (int step = -1; step <= 1; step++) {
            valid.add(MfaClient.code(secret, CLOCK.instant().plusSeconds(30L * step)));
        }
        for (int i = 0; ; i++) {
            String candidate = String.format("%06d", (i * 7919) % 1_000_000);
            if (!valid.contains(candidate)) {
                return candidate;
            }
        }
    }

    @Test
    void enrolConfirmThenSignInNeedsTheSecondStep() {
        String email = "totp-flow@example.com";
        String access = server.newUser(email).get("accessToken").asText();

        ApiResponse before = server.client().get("/api/auth/me/mfa").bearer(access).send();
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.json().get("totp").get("enrolled").asBoolean()).isFalse();
        assertThat(before.json().get("recoveryCodesLeft").asInt()).isZero();

        ApiResponse started = server.client().post("/api/auth/me/mfa/totp").bearer(access).send();
        assertThat(started.status()).isEqualTo(200);
        String secret = started.json().get("secret").asText();
        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(started.json().get("otpauthUri").asText())
                .startsWith("otpauth://totp/Portal%20Suite:totp-flow%40example.com?secret=" + secret)
                .contains("issuer=Portal%20Suite", "algorithm=SHA1", "digits=6", "period=30");
        assertThat(started.json().get("qrSvg").asText()).startsWith("<svg").contains("<path");

        // pending is not a factor: a wrong code changes nothing and the password alone still signs in
        ApiResponse wrong = mfa.confirm(access, wrongCode(secret));
        ProblemAssert.assertCleanProblem(wrong, 400);
        assertThat(wrong.errorFields()).containsExactly("code");
        assertThat(server.login(email, password(email)).json().has("accessToken")).isTrue();

        ApiResponse confirmed = mfa.confirm(access, MfaClient.code(secret, CLOCK.instant()));
        assertThat(confirmed.status()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        confirmed.json().get("recoveryCodes").forEach(c -> codes.add(c.asText()));
        assertThat(codes).hasSize(10).doesNotHaveDuplicates().allMatch(c -> c.matches("[a-z2-7]{4}(-[a-z2-7]{4}){3}"));

        ApiResponse status = server.client().get("/api/auth/me/mfa").bearer(access).send();
        assertThat(status.json().get("totp").get("enrolled").asBoolean()).isTrue();
        assertThat(status.json().get("recoveryCodesLeft").asInt()).isEqualTo(10);
        assertThat(status.body()).doesNotContain(secret);
        ProblemAssert.assertCleanProblem(server.client().post("/api/auth/me/mfa/totp").bearer(access).send(), 409);

        ApiResponse first = server.login(email, password(email));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("mfaRequired").asBoolean()).isTrue();
        assertThat(first.json().has("accessToken")).isFalse();
        assertThat(first.json().has("refreshToken")).isFalse();
        assertThat(first.json().get("expiresIn").asInt()).isEqualTo(300);
        assertThat(first.json().get("methods").toString()).isEqualTo("[\"totp\",\"recovery\"]");

        CLOCK.advance(Duration.ofSeconds(30));
        ApiResponse second = mfa.secondStep(first.json().get("mfaToken").asText(), "totp",
                MfaClient.code(secret, CLOCK.instant()));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().has("recoveryCodesLeft")).isFalse();
        DecodedJWT token = JWT.decode(second.json().get("accessToken").asText());
        assertThat(token.getClaim("amr").asList(String.class)).containsExactly("pwd", "otp", "mfa");
        assertThat(token.getClaim("auth_time").asLong()).isCloseTo(CLOCK.instant().getEpochSecond(), org.assertj.core.data.Offset.offset(1L));
        assertThat(server.client().get("/api/auth/me").bearer(second.json().get("accessToken").asText()).send().status())
                .isEqualTo(200);

        assertThat(auditActions(email)).contains("mfa.totp_enrolment_started", "mfa.totp_confirmed",
                "mfa.challenge_issued", "mfa.challenge_passed", "login.succeeded");
    }

    @Test
    void wrongCodesWrongPeriodsReplaysAndSpentOrExpiredTokensAreRefusedAndAudited() {
        String email = "totp-refusals@example.com";
        String secret = mfa.enrolTotp(server.newUser(email).get("accessToken").asText()).secret();
        CLOCK.advance(Duration.ofSeconds(30));

        String mfaToken = mfa.passwordStep(email, password(email));
        ProblemAssert.assertCleanProblem(mfa.secondStep(mfaToken, "totp", wrongCode(secret)), 401);
        ProblemAssert.assertCleanProblem(mfa.secondStep(mfaToken, "totp", MfaClient.code(secret, CLOCK.instant().plusSeconds(60))), 401);
        ProblemAssert.assertCleanProblem(mfa.secondStep(mfaToken, "totp", MfaClient.code(secret, CLOCK.instant().minusSeconds(60))), 401);
        ProblemAssert.assertCleanProblem(mfa.secondStep(mfaToken, "totp", "12345"), 401);

        // the token survives wrong codes; one step of drift either way is accepted
        String code = MfaClient.code(secret, CLOCK.instant().plusSeconds(30));
        assertThat(mfa.secondStep(mfaToken, "totp", code).status()).isEqualTo(200);

        // the same valid code again, on a new sign-in: refused
        String again = mfa.passwordStep(email, password(email));
        ProblemAssert.assertCleanProblem(mfa.secondStep(again, "totp", code), 401);

        // the spent mfaToken, even with a good new code: refused
        CLOCK.advance(Duration.ofSeconds(60));
        ProblemAssert.assertCleanProblem(mfa.secondStep(mfaToken, "totp", MfaClient.code(secret, CLOCK.instant())), 401);

        // an expired mfaToken: refused
        String late = mfa.passwordStep(email, password(email));
        CLOCK.advance(Duration.ofMinutes(5).plusSeconds(1));
        ProblemAssert.assertCleanProblem(mfa.secondStep(late, "totp", MfaClient.code(secret, CLOCK.instant())), 401);
        ProblemAssert.assertCleanProblem(mfa.secondStep("not-a-token", "totp", "123456"), 401);

        List<String> actions = auditActions(email);
        assertThat(actions.stream().filter("mfa.challenge_failed"::equals)).hasSize(5);
        assertThat(actions.stream().filter("mfa.token_refused"::equals)).hasSize(2);
        Map<String, Long> reasons = new java.util.TreeMap<>();
        server.jdbi().useHandle(h -> h.createQuery("""
                        SELECT details->>'reason' AS reason, count(*) AS n FROM audit_events
                        WHERE action = 'mfa.token_refused' GROUP BY 1""")
                .map((rs, ctx) -> Map.entry(String.valueOf(rs.getString("reason")), rs.getLong("n")))
                .forEach(e -> reasons.put(e.getKey(), e.getValue())));
        assertThat(reasons).containsKeys("used", "expired", "unknown");
        // a correct code later still works: the failures before the success were cleared
        CLOCK.advance(Duration.ofSeconds(30));
        assertThat(mfa.signIn(email, password(email), secret).has("accessToken")).isTrue();
    }

    @Test
    void malformedSecondStepsAreFieldErrors() {
        ApiResponse missing = server.client().post("/api/auth/login/mfa").json("{\"method\":\"sms\"}").invalidRequest().send();
        ProblemAssert.assertCleanProblem(missing, 400);
        assertThat(missing.errorFields()).contains("mfaToken");
        ApiResponse badMethod = server.client().post("/api/auth/login/mfa")
                .json("{\"mfaToken\":\"x\",\"method\":\"sms\",\"code\":\"1\"}").invalidRequest().send();
        ProblemAssert.assertCleanProblem(badMethod, 400);
        assertThat(badMethod.errorFields()).containsExactly("method");
    }

    @Test
    void aRecoveryCodeWorksOnceAndRegenerationVoidsTheOldSet() {
        String email = "recovery@example.com";
        MfaClient.Enrolled enrolled = mfa.enrolTotp(server.newUser(email).get("accessToken").asText());
        List<String> codes = enrolled.recoveryCodes();

        ApiResponse used = mfa.secondStep(mfa.passwordStep(email, password(email)), "recovery", codes.get(0));
        assertThat(used.status()).isEqualTo(200);
        assertThat(used.json().get("recoveryCodesLeft").asInt()).isEqualTo(9);
        ProblemAssert.assertCleanProblem(mfa.secondStep(mfa.passwordStep(email, password(email)), "recovery", codes.get(0)), 401);

        String sloppy = codes.get(1).replace("-", " ").toUpperCase(Locale.ROOT);
        ApiResponse second = mfa.secondStep(mfa.passwordStep(email, password(email)), "recovery", sloppy);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("recoveryCodesLeft").asInt()).isEqualTo(8);

        // regeneration is a step-up action; a recovery-code sign-in is multi-factor and recent
        ApiResponse regenerated = server.client().post("/api/auth/me/mfa/recovery-codes")
                .bearer(second.json().get("accessToken").asText()).send();
        assertThat(regenerated.status()).isEqualTo(200);
        List<String> fresh = new ArrayList<>();
        regenerated.json().get("recoveryCodes").forEach(c -> fresh.add(c.asText()));
        assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(codes);

        ProblemAssert.assertCleanProblem(mfa.secondStep(mfa.passwordStep(email, password(email)), "recovery", codes.get(2)), 401);
        ApiResponse withNew = mfa.secondStep(mfa.passwordStep(email, password(email)), "recovery", fresh.get(0));
        assertThat(withNew.status()).isEqualTo(200);
        assertThat(withNew.json().get("recoveryCodesLeft").asInt()).isEqualTo(9);

        List<String> actions = auditActions(email);
        assertThat(actions.stream().filter("mfa.recovery_code_used"::equals)).hasSize(3);
        assertThat(actions).contains("mfa.recovery_codes_regenerated");
        Integer left = server.jdbi().withHandle(h -> h.createQuery("""
                        SELECT (details->>'recoveryCodesLeft')::int FROM audit_events
                        WHERE action = 'mfa.recovery_code_used' AND email = :email ORDER BY occurred_at DESC LIMIT 1""")
                .bind("email", email).mapTo(Integer.class).one());
        assertThat(left).isEqualTo(9);
    }

    @Test
    void nothingSecretReachesLogsAuditDetailsOrLaterResponses() {
        String email = "secrets@example.com";
        String access = server.newUser(email).get("accessToken").asText();
        MfaClient.Enrolled enrolled = mfa.enrolTotp(access);
        CLOCK.advance(Duration.ofSeconds(30));
        String mfaToken = mfa.passwordStep(email, password(email));
        mfa.secondStep(mfaToken, "totp", wrongCode(enrolled.secret()));
        JsonNode pair = mfa.secondStep(mfaToken, "recovery", enrolled.recoveryCodes().get(0)).json();

        List<String> secrets = new ArrayList<>(enrolled.recoveryCodes());
        secrets.add(enrolled.secret());
        secrets.add(mfaToken);

        String me = server.client().get("/api/auth/me/mfa").bearer(pair.get("accessToken").asText()).send().body();
        String admin = server.client().get("/api/auth/admin/users").query("q", "secrets@").bearer(server.adminToken()).send().body();
        assertThat(admin).contains("\"mfa\":{\"totp\":true,\"passkeys\":0}");
        List<String> auditRows = server.jdbi().withHandle(h -> h.createQuery(
                "SELECT action || ' ' || details::text FROM audit_events").mapTo(String.class).list());
        String audit = String.join("\n", auditRows);
        String logs = String.join("\n", LOGS.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())).toList());
        List<String> storedRows = server.jdbi().withHandle(h -> h.createQuery(
                "SELECT encode(secret_sealed, 'escape') FROM mfa_totp").mapTo(String.class).list());
        String stored = String.join("\n", storedRows);

        assertThat(LOGS.list).isNotEmpty();
        for (String secret : secrets) {
            String withoutDashes = secret.replace("-", "");
            assertThat(me).doesNotContain(secret);
            assertThat(admin).doesNotContain(secret);
            assertThat(audit).doesNotContain(secret).doesNotContain(withoutDashes);
            assertThat(logs).doesNotContain(secret).doesNotContain(withoutDashes);
        }
        assertThat(stored).doesNotContain(enrolled.secret());
        assertThat(server.count("SELECT count(*) FROM mfa_recovery_codes WHERE length(code_hash) <> 32")).isZero();
    }
}
