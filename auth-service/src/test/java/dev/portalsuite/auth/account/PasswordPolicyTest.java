package dev.portalsuite.auth.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Unit-level rules for passwords and emails; no database. */
class PasswordPolicyTest {
    private static final PasswordPolicy POLICY = PasswordPolicy.withBundledList();

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void lengthIsCountedInUtf8BytesFrom8To72() {
        assertThat(bytes("xq7#Lm2")).isEqualTo(7);
        assertThat(POLICY.problem("xq7#Lm2", null)).isPresent();
        assertThat(POLICY.problem("xq7#Lm2z", null)).isEmpty();

        // 4 characters but 8 bytes: long enough; 3 characters + 1 = 7 bytes: too short
        assertThat(bytes("éééé")).isEqualTo(8);
        assertThat(POLICY.problem("éééé", null)).isEmpty();
        assertThat(bytes("éééa")).isEqualTo(7);
        assertThat(POLICY.problem("éééa", null)).isPresent();

        String seventyTwo = "é".repeat(36);
        assertThat(seventyTwo).hasSize(36);
        assertThat(bytes(seventyTwo)).isEqualTo(72);
        assertThat(POLICY.problem(seventyTwo, null)).isEmpty();
        assertThat(PasswordPolicy.fitsBcrypt(seventyTwo)).isTrue();

        String seventyThree = seventyTwo + "a";
        assertThat(seventyThree).hasSize(37); // far below 72 characters, yet over the byte limit
        assertThat(bytes(seventyThree)).isEqualTo(73);
        assertThat(POLICY.problem(seventyThree, null)).get().asString().contains("72");
        assertThat(PasswordPolicy.fitsBcrypt(seventyThree)).isFalse();

        String emoji72 = "😀".repeat(18);
        assertThat(bytes(emoji72)).isEqualTo(72);
        assertThat(POLICY.problem(emoji72, null)).isEmpty();
        assertThat(POLICY.problem(emoji72 + "a", null)).isPresent();

        assertThat(POLICY.problem("a".repeat(72), null)).isEmpty();
        assertThat(POLICY.problem("a".repeat(73), null)).isPresent();
        assertThat(POLICY.problem(null, null)).isPresent();
        assertThat(POLICY.problem("", null)).isPresent();
    }

    @Test
    void commonPasswordsAreRejectedCaseInsensitively() {
        assertThat(POLICY.problem("password", null)).isPresent();
        assertThat(POLICY.problem("PassWord", null)).isPresent();
        assertThat(POLICY.problem("PASSW0RD", null)).isPresent();
        assertThat(POLICY.problem("Qwerty123", null)).isPresent();
        assertThat(POLICY.problem("iLoveYou", null)).get().asString().contains("common");
        assertThat(POLICY.problem("password-but-not-common-7", null)).isEmpty();
    }

    @Test
    void passwordEqualToTheEmailIsRejected() {
        String email = "dana@example.com";
        assertThat(POLICY.problem("dana@example.com", email)).get().asString().contains("email");
        assertThat(POLICY.problem("Dana@Example.COM", email)).isPresent();
        assertThat(POLICY.problem("dana@example.com.", email)).isEmpty();
        assertThat(POLICY.problem("dana@example.com", "someone@example.com")).isEmpty();
    }

    @Test
    void emailsAreTrimmedAndLowerCased() {
        assertThat(EmailAddress.normalise("  Dana@Example.COM \t")).isEqualTo("dana@example.com");
        assertThat(EmailAddress.normalise(null)).isEmpty();
        assertThat(EmailAddress.parse("  Dana@Example.COM ")).contains("dana@example.com");
        assertThat(EmailAddress.parse("first.last+tag@sub.example.org")).contains("first.last+tag@sub.example.org");
    }

    @Test
    void implausibleEmailsAreRefused() {
        assertThat(EmailAddress.parse(null)).isEmpty();
        assertThat(EmailAddress.parse("")).isEmpty();
        assertThat(EmailAddress.parse("   ")).isEmpty();
        assertThat(EmailAddress.parse("no-at-sign.example.com")).isEmpty();
        assertThat(EmailAddress.parse("two@@example.com")).isEmpty();
        assertThat(EmailAddress.parse("a@b@example.com")).isEmpty();
        assertThat(EmailAddress.parse("@example.com")).isEmpty();
        assertThat(EmailAddress.parse("dana@localhost")).isEmpty();
        assertThat(EmailAddress.parse("dana@example.c")).isEmpty();
        assertThat(EmailAddress.parse("da na@example.com")).isEmpty();
        assertThat(EmailAddress.parse("dana@exa\u0000mple.com")).isEmpty();
        assertThat(EmailAddress.parse("dana@exa\u0085mple.com")).isEmpty();

        assertThat(EmailAddress.parse("a".repeat(64) + "@example.com")).isPresent();
        assertThat(EmailAddress.parse("a".repeat(65) + "@example.com")).isEmpty();
        String longDomain = "x@" + "d".repeat(EmailAddress.MAX_LENGTH - 6) + ".com"; // 320 characters
        assertThat(longDomain).hasSize(EmailAddress.MAX_LENGTH);
        assertThat(EmailAddress.parse(longDomain)).isPresent();
        assertThat(EmailAddress.parse("x@d" + longDomain.substring(2))).isEmpty();
    }
}
