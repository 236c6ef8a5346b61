package dev.portalsuite.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.shared.json.Json;
import org.junit.jupiter.api.Test;

/** What the shared body reader refuses before binding: values PostgreSQL could not store as they were sent. */
class RequestsTest {
    private static JsonNode json(String text) throws Exception {
        return Json.newObjectMapper().readTree(text);
    }

    @Test
    void storableBodiesPass() throws Exception {
        assertThat(Requests.unstorable(json("{\"a\":\"Grüße 😀\",\"b\":[1,2.5,{\"c\":null}],\"d\":1e300}"), "")).isNull();
    }

    @Test
    void eachProblemIsNamedWithItsPath() throws Exception {
        assertThat(Requests.unstorable(json("{\"a\":{\"b\":[\"ok\",\"x\\u0000\"]}}"), ""))
                .isEqualTo(new Requests.UnstorableValue("a.b[1]", "must not contain the character U+0000"));
        assertThat(Requests.unstorable(json("{\"a\":\"\\udc00\"}"), ""))
                .isEqualTo(new Requests.UnstorableValue("a", "must be valid Unicode text (it holds an unpaired surrogate)"));
        assertThat(Requests.unstorable(json("{\"a\":\"x\\ud800\"}"), "").path()).isEqualTo("a");
        assertThat(Requests.unstorable(json("{\"prefs\":{\"n\":1e400}}"), ""))
                .isEqualTo(new Requests.UnstorableValue("prefs.n", "must be a finite number"));
        assertThat(Requests.unstorable(json("{\"prefs\":{\"bad\\u0000key\":1}}"), ""))
                .isEqualTo(new Requests.UnstorableValue("prefs", "must not contain the character U+0000"));
    }
}
