package dev.portalsuite.auth.mail;

/** Values that end up in mail headers: one line, always. */
public final class Headers {
    private Headers() {
    }

    /**
     * Replaces every line break (CR, LF, NEL, LS, PS) and other control character with a space, so a name or
     * subject can never end its header line and start another ({@code "Eve\r\nBcc: x@y"}).
     */
    public static String oneLine(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
        }
        return out.toString().strip();
    }
}
