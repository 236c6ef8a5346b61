package dev.portalsuite.freshness.publicpage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

    @Test
    void valuesAreEscapedUnlessMarkedSafe() {
        Template template = Template.of("t", "<p title=\"{{a}}\">{{b}}</p>{{c}}");
        String html = template.render(Map.of("a", "\"'<>&", "b", "<script>alert(1)</script>",
                "c", new Html.Safe("<hr>"))).markup();
        assertThat(html).isEqualTo("<p title=\"&quot;&#39;&lt;&gt;&amp;\">&lt;script&gt;alert(1)&lt;/script&gt;</p><hr>");
    }

    @Test
    void missingOrUnusedValuesFail() {
        Template template = Template.of("t", "{{a}}");
        assertThatThrownBy(() -> template.render(Map.of())).hasMessageContaining("{{a}}");
        assertThatThrownBy(() -> template.render(Map.of("a", "x", "b", "y"))).hasMessageContaining("[b]");
    }

    @Test
    void bundledPagesRender() {
        PublicPages pages = new PublicPages();
        assertThat(new String(pages.notFound(), java.nio.charset.StandardCharsets.UTF_8)).contains("Batch not found");
        assertThat(new String(pages.gone(), java.nio.charset.StandardCharsets.UTF_8)).contains("no longer available")
                .doesNotContain("{{");
        assertThat(pages.contentSecurityPolicy()).contains("style-src 'sha256-").doesNotContain("unsafe");
    }
}
