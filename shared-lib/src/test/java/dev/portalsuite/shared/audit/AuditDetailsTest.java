package dev.portalsuite.shared.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalsuite.shared.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditDetailsTest {
    private final AuditDetails details = new AuditDetails(Json.newObjectMapper());

    @Test
    void noDetailsAreStoredAsAnEmptyObject() {
        assertThat(details.write(null)).isEqualTo("{}");
        assertThat(details.write(Map.of())).isEqualTo("{}");
    }

    @Test
    void nestedDetailsRoundTrip() {
        Map<String, Object> written = new LinkedHashMap<>();
        written.put("attempt", 3);
        written.put("changes", Map.of("name", Map.of("from", "Old \"name\"", "to", "Grüße 😀")));
        written.put("roles", List.of("admin", "user"));
        written.put("at", Instant.parse("2026-11-22T10:15:30Z"));

        var read = details.read(details.write(written));

        assertThat(read.get("attempt").asInt()).isEqualTo(3);
        assertThat(read.get("changes").get("name").get("from").asText()).isEqualTo("Old \"name\"");
        assertThat(read.get("changes").get("name").get("to").asText()).isEqualTo("Grüße 😀");
        assertThat(read.get("roles")).hasSize(2);
        assertThat(read.get("at").asText()).isEqualTo("2026-11-22T10:15:30Z");
    }

    @Test
    void storedTextThatIsNotJsonIsAServerFault() {
        assertThatThrownBy(() -> details.read("{not json")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not JSON");
    }
}
