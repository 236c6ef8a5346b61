package dev.portalsuite.auth.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MailConfigTest {

    private static Env env(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return new Env(map);
    }

    private static Env production(String... keyValues) {
        return env("SMTP_HOST", "smtp.example.com", "MAIL_FROM", "Ops <ops@example.com>",
                "CONSOLE_BASE_URL", "https://portal.example.com").with(pairs(keyValues));
    }

    private static Map<String, String> pairs(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    @Test
    void developmentWithoutSmtpKeepsMailsInTheOutboxAndLinksToTheLocalConsole() {
        MailConfig config = MailConfig.fromEnv(env(), false);
        assertThat(config.smtp()).isEmpty();
        assertThat(config.from().getAddress()).isEqualTo("no-reply@localhost");
        assertThat(config.link("/reset-password?token=x")).isEqualTo("http://localhost:8080/reset-password?token=x");
        assertThat(config.maxAttempts()).isEqualTo(10);
        assertThat(config.retryInitial()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void tlsModesHaveTheirUsualPorts() {
        assertThat(MailConfig.fromEnv(env("SMTP_HOST", "mx.test"), false).smtp().orElseThrow())
                .extracting(SmtpSettings::port, SmtpSettings::tls).containsExactly(587, SmtpSettings.Tls.STARTTLS);
        assertThat(MailConfig.fromEnv(env("SMTP_HOST", "mx.test", "SMTP_TLS", "smtps"), false).smtp().orElseThrow().port()).isEqualTo(465);
        assertThat(MailConfig.fromEnv(env("SMTP_HOST", "mx.test", "SMTP_TLS", "NONE", "SMTP_PORT", "2525"), false).smtp().orElseThrow())
                .extracting(SmtpSettings::port, SmtpSettings::tls).containsExactly(2525, SmtpSettings.Tls.NONE);
        assertThat(MailConfig.fromEnv(env("CONSOLE_BASE_URL", "https://portal.example.com/"), false).consoleBaseUrl())
                .hasToString("https://portal.example.com");
    }

    @Test
    void badValuesStopStartUpWithTheVariableNamed() {
        assertThatThrownBy(() -> MailConfig.fromEnv(env("SMTP_HOST", "mx.test", "SMTP_TLS", "ssl"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SMTP_TLS must be starttls, smtps or none");
        assertThatThrownBy(() -> MailConfig.fromEnv(env("SMTP_HOST", "mx.test", "SMTP_USERNAME", "u"), false))
                .hasMessage("SMTP_USERNAME and SMTP_PASSWORD must be set together");
        assertThatThrownBy(() -> MailConfig.fromEnv(env("SMTP_PORT", "25"), false))
                .hasMessage("SMTP_PORT is set but SMTP_HOST is not");
        assertThatThrownBy(() -> MailConfig.fromEnv(env("MAIL_FROM", "not an address"), false))
                .hasMessageContaining("MAIL_FROM must be");
        assertThatThrownBy(() -> MailConfig.fromEnv(env("MAIL_FROM", "a@b.test, c@d.test"), false))
                .hasMessageContaining("MAIL_FROM must be");
        assertThatThrownBy(() -> MailConfig.fromEnv(env("CONSOLE_BASE_URL", "ftp://x"), false))
                .hasMessageContaining("CONSOLE_BASE_URL must be an http(s) URL");
        assertThatThrownBy(() -> MailConfig.fromEnv(env("MAIL_RETRY_INITIAL", "PT2H"), false))
                .hasMessage("MAIL_RETRY_INITIAL must not be longer than MAIL_RETRY_MAX");
        assertThatThrownBy(() -> EmailFlowsConfig.fromEnv(env("PASSWORD_RESET_TTL", "P2D")))
                .hasMessageContaining("PASSWORD_RESET_TTL must be at most PT24H");
        assertThatThrownBy(() -> EmailFlowsConfig.fromEnv(env("REQUIRE_VERIFIED_EMAIL", "maybe")))
                .hasMessageContaining("REQUIRE_VERIFIED_EMAIL must be true or false");
    }

    @Test
    void productionRefusesToRunWithoutARealMailServerSenderAndConsole() {
        assertThat(MailConfig.fromEnv(production(), true).smtp()).isPresent();
        assertThatThrownBy(() -> MailConfig.fromEnv(production().with(Map.of("SMTP_HOST", "")), true))
                .hasMessageStartingWith("SMTP_HOST is required when PORTAL_ENV=production");
        assertThatThrownBy(() -> MailConfig.fromEnv(production().with(Map.of("MAIL_FROM", "")), true))
                .hasMessage("MAIL_FROM is required when PORTAL_ENV=production");
        assertThatThrownBy(() -> MailConfig.fromEnv(production().with(Map.of("CONSOLE_BASE_URL", "")), true))
                .hasMessageStartingWith("CONSOLE_BASE_URL is required when PORTAL_ENV=production");
        assertThatThrownBy(() -> MailConfig.fromEnv(production().with(Map.of("CONSOLE_BASE_URL", "http://portal.example.com")), true))
                .hasMessageStartingWith("CONSOLE_BASE_URL must be https");
        assertThatThrownBy(() -> MailConfig.fromEnv(production().with(Map.of("SMTP_TLS", "none")), true))
                .hasMessageStartingWith("SMTP_TLS=none is only allowed for a loopback SMTP_HOST");
        assertThat(MailConfig.fromEnv(production().with(Map.of("SMTP_TLS", "none", "SMTP_HOST", "127.0.0.1")), true).smtp()).isPresent();
    }

    @Test
    void retriesBackOffExponentiallyUpToTheMaximum() {
        MailConfig config = MailConfig.fromEnv(env("SMTP_HOST", "mx.test", "MAIL_RETRY_INITIAL", "PT1M", "MAIL_RETRY_MAX", "PT1H"), false);
        OutboxRelay relay = new OutboxRelay(null, null, null, config, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        assertThat(relay.backoff(1)).isBetween(Duration.ofSeconds(54), Duration.ofMinutes(1));
        assertThat(relay.backoff(3)).isBetween(Duration.ofSeconds(216), Duration.ofMinutes(4));
        assertThat(relay.backoff(7)).isBetween(Duration.ofMinutes(54), Duration.ofHours(1));
        assertThat(relay.backoff(60)).isBetween(Duration.ofMinutes(54), Duration.ofHours(1));
    }

    @Test
    void durationsReadAsWords() {
        assertThat(MailTemplates.words(Duration.ofMinutes(30))).isEqualTo("30 minutes");
        assertThat(MailTemplates.words(Duration.ofHours(48))).isEqualTo("48 hours");
        assertThat(MailTemplates.words(Duration.ofDays(7))).isEqualTo("7 days");
        assertThat(MailTemplates.words(Duration.ofHours(1))).isEqualTo("1 hour");
    }
}
