package dev.portalsuite.freshness.publicpage;

import dev.portalsuite.freshness.batch.BatchView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the public freshness pages: small, mobile-first, no JavaScript, the status in words as well as colour.
 * Every value from the database passes through {@link Html#escape}.
 */
public final class PublicPages {
    private static final String BASE = "/dev/portalsuite/freshness/publicpage/";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);

    private final Template layout = Template.load(BASE + "layout.html");
    private final Template batch = Template.load(BASE + "batch.html");
    private final Template message = Template.load(BASE + "message.html");
    private final String css = Template.resource(BASE + "style.css").strip();
    private final String contentSecurityPolicy = "default-src 'none'; style-src '" + sha256(css) + "'; "
            + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** Allows the page's own inline style sheet and nothing else: no scripts, frames, forms or foreign resources. */
    public String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    public byte[] batch(BatchView view) {
        String status = view.status().name().toLowerCase(Locale.ROOT);
        Html.Safe content = batch.render(Map.ofEntries(
                Map.entry("product", view.product()),
                Map.entry("batchIdentifier", view.batchIdentifier()),
                Map.entry("statusClass", status),
                Map.entry("statusIcon", switch (view.status()) {
                    case FRESH -> "\u2713";
                    case CAUTION -> "!";
                    case EXPIRED -> "\u2715";
                }),
                Map.entry("statusLabel", view.status().label()),
                Map.entry("statusMessage", view.status().message()),
                Map.entry("daysOnShelf", days(view.daysOnShelf())),
                Map.entry("butcherDate", view.butcherDate().toString()),
                Map.entry("butcherDateText", day(view.butcherDate())),
                Map.entry("arrivalDate", view.arrivalDate().toString()),
                Map.entry("arrivalDateText", day(view.arrivalDate())),
                Map.entry("freshUntil", view.freshUntil().toString()),
                Map.entry("freshUntilText", day(view.freshUntil())),
                Map.entry("expiresLabel", view.asOf().isBefore(view.expiresOn()) ? "Expires on" : "Expired on"),
                Map.entry("expiresOn", view.expiresOn().toString()),
                Map.entry("expiresOnText", day(view.expiresOn())),
                Map.entry("asOf", view.asOf().toString()),
                Map.entry("asOfText", day(view.asOf()))));
        return page(view.status().label() + ": " + view.product() + " (batch " + view.batchIdentifier() + ")", content);
    }

    public byte[] notFound() {
        return page("Batch not found", message.render(Map.of(
                "heading", "Batch not found",
                "text", "We could not find a batch for this code. Check that the whole code was scanned or typed, "
                        + "or ask the shop.")));
    }

    public byte[] gone() {
        return page("Batch no longer available", message.render(Map.of(
                "heading", "This batch is no longer available",
                "text", "The shop has removed this batch from its records, so its freshness can no longer be shown. "
                        + "If you have this product at home, ask the shop.")));
    }

    private byte[] page(String title, Html.Safe content) {
        return layout.render(Map.of("title", title, "css", new Html.Safe(css), "content", content)).markup()
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String days(int days) {
        return switch (days) {
            case 0 -> "0 days (arrived today)";
            case 1 -> "1 day";
            default -> days + " days";
        };
    }

    private static String day(LocalDate date) {
        return DAY.format(date);
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
