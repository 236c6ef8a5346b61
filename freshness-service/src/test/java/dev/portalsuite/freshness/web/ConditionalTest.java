package dev.portalsuite.freshness.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConditionalTest {

    @Test
    void etagsAreStrongAndDependOnTypeAndBytes() {
        byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
        String tag = Conditional.etag("text/html", body);
        assertThat(tag).matches("\"[A-Za-z0-9_-]{43}\"");
        assertThat(Conditional.etag("text/html", body)).isEqualTo(tag);
        assertThat(Conditional.etag("application/json", body)).isNotEqualTo(tag);
        assertThat(Conditional.etag("text/html", "hellO".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(tag);
    }

    @Test
    void ifNoneMatchUsesWeakComparison() {
        String tag = "\"abc\"";
        assertThat(Conditional.matches(null, tag)).isFalse();
        assertThat(Conditional.matches("", tag)).isFalse();
        assertThat(Conditional.matches("\"abc\"", tag)).isTrue();
        assertThat(Conditional.matches("W/\"abc\"", tag)).isTrue();
        assertThat(Conditional.matches("\"x\", \"abc\"", tag)).isTrue();
        assertThat(Conditional.matches("*", tag)).isTrue();
        assertThat(Conditional.matches("abc", tag)).isFalse();
        assertThat(Conditional.matches("\"abcd\"", tag)).isFalse();
    }
}
