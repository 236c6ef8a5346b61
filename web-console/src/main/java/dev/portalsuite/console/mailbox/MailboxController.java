package dev.portalsuite.console.mailbox;

import dev.portalsuite.console.web.Dates;
import dev.portalsuite.console.web.PageException;
import dev.portalsuite.console.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /dev/mailbox}, development only: the mails the local suite's mail catcher caught (password reset,
 * verification, invites, security alerts), newest first, with their links clickable. 404 in production and when no
 * mailbox was supplied.
 */
public final class MailboxController {
    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"]+");

    private final Pages pages;
    private final Optional<Mailbox> mailbox;

    public MailboxController(Pages pages, Optional<Mailbox> mailbox, boolean production) {
        this.pages = pages;
        this.mailbox = production ? Optional.empty() : mailbox;
    }

    /** A mail as the page shows it. */
    public record MailView(String to, String subject, String receivedAt, String text, List<String> links) {
    }

    public void routes(RoutesConfig routes) {
        routes.get("/dev/mailbox", this::page);
    }

    private void page(Context ctx) {
        Mailbox box = mailbox.orElseThrow(PageException::notFound);
        List<MailView> mails = new ArrayList<>();
        for (Mailbox.Mail mail : box.mails()) {
            LinkedHashSet<String> links = new LinkedHashSet<>();
            Matcher matcher = LINK.matcher(mail.text() == null ? "" : mail.text());
            while (matcher.find()) {
                links.add(matcher.group());
            }
            mails.add(0, new MailView(mail.to(), mail.subject(), mail.receivedAt() == null ? ""
                    : Dates.when(mail.receivedAt().toString()), mail.text(), List.copyOf(links)));
        }
        ctx.attribute("console.noUnread", true);
        pages.render(ctx, "mailbox.jte", "Development mailbox", "", Map.of("mails", mails));
    }
}
