package dev.portalsuite.deploy;

import dev.portalsuite.auth.AuthApp;
import dev.portalsuite.auth.account.RegisterRequest;
import dev.portalsuite.auth.audit.RequestOrigin;
import dev.portalsuite.shared.web.ApiException;
import java.util.List;

/** The development accounts listed in the README; seeded once, left alone when they exist. */
final class DemoData {
    static final String ADMIN_EMAIL = "admin@portal.dev";
    static final String ADMIN_PASSWORD = "Admin@123!";

    record Account(String email, String password, String fullName, String role) {
    }

    static final List<Account> ACCOUNTS = List.of(
            new Account(ADMIN_EMAIL, ADMIN_PASSWORD, "Administrator", "admin"),
            new Account("chris@portal.dev", "Chris@123!", "Chris Demo", "user"));

    private DemoData() {
    }

    /** The admin comes from the bootstrap-admin settings; the others are registered like any user. */
    static void seed(AuthApp auth) {
        for (Account account : ACCOUNTS) {
            if (account.role().equals("admin")) {
                continue;
            }
            try {
                auth.accounts().register(new RegisterRequest(account.email(), account.password(), account.fullName(), null),
                        RequestOrigin.SYSTEM);
            } catch (ApiException e) {
                if (e.status() != 409) {
                    throw e;
                }
            }
        }
    }
}
