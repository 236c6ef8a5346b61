package dev.portalsuite.console.web;

import dev.portalsuite.console.session.Profile;

/**
 * What the layout around every page needs: the title, who is signed in (null on public pages), the CSRF token for
 * forms, the unread notification count (-1 when unknown), a banner when a backend is unreachable and a notice
 * after a completed action.
 */
public record Chrome(String title, Profile profile, String csrf, int unread, String banner, String notice, String nav) {

    public boolean signedIn() {
        return profile != null;
    }

    public boolean current(String section) {
        return section.equals(nav);
    }

    public String currentAttr(String section) {
        return current(section) ? "page" : null;
    }

    public Chrome withBanner(String text) {
        return new Chrome(title, profile, csrf, unread, text, notice, nav);
    }
}
