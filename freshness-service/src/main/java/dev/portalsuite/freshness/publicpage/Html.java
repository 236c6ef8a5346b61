package dev.portalsuite.freshness.publicpage;

/** HTML escaping, and the one way to mark markup as already safe (only templates and bundled resources are). */
public final class Html {
    private Html() {
    }

    /** Markup that is inserted as is: made only from bundled resources and rendered templates, never from input. */
    public record Safe(String markup) {
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
