package dev.portalsuite.auth.mail;

import java.util.ArrayList;
import java.util.List;

/**
 * A mail's body, built once and rendered twice: as plain text and as simple HTML. Every piece of text is
 * escaped here, in one place, so a name such as {@code <b>Eve</b>} shows as typed and can never add markup or
 * links. No images, no tracking, no external resources.
 */
public final class Letter {
    private final String subject;
    private final List<Block> blocks = new ArrayList<>();

    private sealed interface Block permits Paragraph, Button, Facts {
    }

    private record Paragraph(String text) implements Block {
    }

    private record Button(String label, String url) implements Block {
    }

    private record Facts(List<String[]> rows) implements Block {
    }

    private Letter(String subject) {
        this.subject = Headers.oneLine(subject);
    }

    public static Letter withSubject(String subject) {
        return new Letter(subject);
    }

    public Letter paragraph(String text) {
        blocks.add(new Paragraph(text));
        return this;
    }

    /** A link shown as a button in HTML and as a bare URL on its own line in text. */
    public Letter button(String label, String url) {
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            throw new IllegalArgumentException("links in mails must be http(s)");
        }
        blocks.add(new Button(label, url));
        return this;
    }

    /** Label/value pairs, e.g. when and from where something happened. */
    public Letter facts(String... labelValuePairs) {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i + 1 < labelValuePairs.length; i += 2) {
            rows.add(new String[] {labelValuePairs[i], labelValuePairs[i + 1] == null ? "unknown" : labelValuePairs[i + 1]});
        }
        blocks.add(new Facts(rows));
        return this;
    }

    public String subject() {
        return subject;
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        for (Block block : blocks) {
            if (block instanceof Paragraph p) {
                out.append(p.text());
            } else if (block instanceof Button b) {
                out.append(b.label()).append(":\n").append(b.url());
            } else if (block instanceof Facts f) {
                for (String[] row : f.rows()) {
                    out.append(row[0]).append(": ").append(row[1]).append('\n');
                }
                out.setLength(out.length() - 1);
            }
            out.append("\n\n");
        }
        out.append("-- \nPortal Suite\n");
        return out.toString();
    }

    public String html() {
        StringBuilder out = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
                <title>""").append(escape(subject)).append("""
                </title></head>
                <body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a; max-width: 36em; margin: 1em auto; padding: 0 1em">
                """);
        for (Block block : blocks) {
            if (block instanceof Paragraph p) {
                out.append("<p>").append(escape(p.text()).replace("\n", "<br>")).append("</p>\n");
            } else if (block instanceof Button b) {
                out.append("<p><a href=\"").append(escape(b.url()))
                        .append("\" style=\"display: inline-block; padding: .6em 1.2em; background: #1d4ed8; color: #fff;"
                                + " text-decoration: none; border-radius: .3em\">")
                        .append(escape(b.label())).append("</a></p>\n")
                        .append("<p style=\"font-size: .9em; color: #555\">If the button does not work, copy this address"
                                + " into your browser:<br>").append(escape(b.url())).append("</p>\n");
            } else if (block instanceof Facts f) {
                out.append("<table role=\"presentation\">\n");
                for (String[] row : f.rows()) {
                    out.append("<tr><th style=\"text-align: left; padding-right: 1em\">").append(escape(row[0]))
                            .append("</th><td>").append(escape(row[1])).append("</td></tr>\n");
                }
                out.append("</table>\n");
            }
        }
        out.append("<p style=\"color: #555\">— Portal Suite</p>\n</body></html>\n");
        return out.toString();
    }

    /** HTML-escapes text for element content and double-quoted attributes. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
