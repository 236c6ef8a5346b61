package dev.portalsuite.console.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Dates and times as people read them; the console does not know the reader's zone, so times say UTC. */
public final class Dates {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM uuuu, HH:mm 'UTC'", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM uuuu", Locale.ENGLISH);

    private Dates() {
    }

    /** An ISO instant as "2 Dec 2026, 07:56 UTC"; empty for null, the text itself when unreadable. */
    public static String when(String iso) {
        if (iso == null || iso.isBlank() || iso.equals("null")) {
            return "";
        }
        try {
            return WHEN.format(Instant.parse(iso).atOffset(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    public static String day(String isoDate) {
        if (isoDate == null || isoDate.isBlank() || isoDate.equals("null")) {
            return "";
        }
        try {
            return DAY.format(LocalDate.parse(isoDate));
        } catch (DateTimeParseException e) {
            return isoDate;
        }
    }
}
