package dev.portalsuite.console.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.console.backend.ApiResult;
import dev.portalsuite.console.backend.Backend;
import dev.portalsuite.console.backend.BackendUnavailableException;
import dev.portalsuite.shared.security.OpaqueTokens;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Console sessions in PostgreSQL: a browser's opaque id (256 random bits, stored only as its SHA-256), the user's
 * tokens sealed with AES-GCM, refreshed shortly before the access token expires. A refresh auth-service refuses
 * ends the console session; one refresh at a time per session (row lock), so two tabs or two console instances
 * never present the same single-use refresh token twice.
 */
public final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final Jdbi jdbi;
    private final TokenCipher cipher;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Duration refreshAhead;
    private final Duration idleTimeout;
    private final Duration maxLifetime;

    public Sessions(Jdbi jdbi, TokenCipher cipher, ObjectMapper mapper, Clock clock, Duration refreshAhead,
                    Duration idleTimeout, Duration maxLifetime) {
        this.jdbi = jdbi;
        this.cipher = cipher;
        this.mapper = mapper;
        this.clock = clock;
        this.refreshAhead = refreshAhead;
        this.idleTimeout = idleTimeout;
        this.maxLifetime = maxLifetime;
    }

    /** The outcome of looking up a browser's session. */
    public sealed interface Lookup {
        record Live(ConsoleSession session) implements Lookup { }

        /** No cookie, an unknown id, or an expired session. */
        record None() implements Lookup { }

        /** The session existed but auth-service refused to refresh it (revoked, reused, expired): now deleted. */
        record Ended() implements Lookup { }
    }

    /** A new session for a {@code TokenPair} auth-service just issued; returns the id for the cookie. */
    public String start(JsonNode tokenPair) {
        String id = OpaqueTokens.generate();
        byte[] idHash = OpaqueTokens.sha256(id);
        Instant now = clock.instant();
        Profile profile = profile(tokenPair.path("user"));
        jdbi.useExtension(SessionDao.class, dao -> dao.insert(idHash, OpaqueTokens.generate(), profile.id(),
                write(profile), seal(tokenPair, idHash), accessExpiry(tokenPair, now), now, now.plus(maxLifetime)));
        return id;
    }

    /** Looks the browser's session up, refreshing its access token when it is about to expire. */
    public Lookup find(String rawId, Backend.Client anonymous) {
        if (rawId == null || !ID.matcher(rawId).matches()) {
            return new Lookup.None();
        }
        byte[] idHash = OpaqueTokens.sha256(rawId);
        Instant now = clock.instant();
        Instant idleBefore = now.minus(idleTimeout);
        Optional<SessionDao.Row> found = jdbi.withExtension(SessionDao.class, dao -> dao.find(idHash, now, idleBefore));
        if (found.isEmpty()) {
            return new Lookup.None();
        }
        SessionDao.Row row = found.get();
        if (!now.isBefore(row.accessExpiresAt().minus(refreshAhead))) {
            return refresh(idHash, anonymous);
        }
        if (row.lastSeenAt().isBefore(now.minus(TOUCH_EVERY))) {
            jdbi.useExtension(SessionDao.class, dao -> dao.touch(idHash, now, now.minus(TOUCH_EVERY)));
        }
        return new Lookup.Live(live(row));
    }

    /** Keeps a fresh {@code TokenPair} for the same session (after a step-up): same id, same CSRF token. */
    public void replaceTokens(ConsoleSession session, JsonNode tokenPair) {
        Instant now = clock.instant();
        Profile profile = profile(tokenPair.path("user"));
        jdbi.useExtension(SessionDao.class, dao -> dao.updateTokens(session.idHash(), seal(tokenPair, session.idHash()),
                write(profile), accessExpiry(tokenPair, now)));
    }

    /**
     * Refreshes now, whatever the access token's age: after enrolling a factor, an {@code mfa:enroll} session's next
     * tokens are unrestricted. Returns false when auth-service refused (the session has then ended).
     */
    public boolean refreshNow(ConsoleSession session, Backend.Client anonymous) {
        return refresh(session.idHash(), anonymous, true) instanceof Lookup.Live;
    }

    private Lookup refresh(byte[] idHash, Backend.Client anonymous) {
        return refresh(idHash, anonymous, false);
    }

    private Lookup refresh(byte[] idHash, Backend.Client anonymous, boolean force) {
        return jdbi.<Lookup, RuntimeException>inTransaction(handle -> {
            SessionDao dao = handle.attach(SessionDao.class);
            Instant now = clock.instant();
            Optional<SessionDao.Row> locked = dao.lock(idHash, now, now.minus(idleTimeout));
            if (locked.isEmpty()) {
                return new Lookup.None();
            }
            SessionDao.Row row = locked.get();
            if (!force && now.isBefore(row.accessExpiresAt().minus(refreshAhead))) {
                return new Lookup.Live(live(row)); // another request refreshed it while this one waited for the lock
            }
            Tokens tokens = open(row);
            ApiResult result;
            try {
                result = anonymous.post("/api/auth/refresh", Map.of("refreshToken", tokens.refresh()));
            } catch (BackendUnavailableException e) {
                if (now.isBefore(row.accessExpiresAt())) {
                    return new Lookup.Live(live(row)); // still valid for a little while; the next request tries again
                }
                throw e;
            }
            if (result.ok()) {
                JsonNode pair = result.json();
                Profile profile = profile(pair.path("user"));
                dao.updateTokens(idHash, seal(pair, idHash), write(profile), accessExpiry(pair, now));
                dao.touch(idHash, now, now.minus(TOUCH_EVERY));
                return new Lookup.Live(live(dao.find(idHash, now, now.minus(idleTimeout)).orElseThrow()));
            }
            if (result.status() == 400 || result.status() == 401) {
                LOG.info("refresh refused ({}): console session ended", result.status());
                dao.delete(idHash);
                return new Lookup.Ended();
            }
            if (now.isBefore(row.accessExpiresAt())) {
                return new Lookup.Live(live(row));
            }
            throw new BackendUnavailableException(result.service(), "refresh answered " + result.status());
        });
    }

    /** Signs out: auth-service revokes the session (idempotent), the console forgets it. */
    public void end(ConsoleSession session, Backend.Client anonymous) {
        Optional<SessionDao.Row> row = jdbi.withExtension(SessionDao.class,
                dao -> dao.find(session.idHash(), clock.instant(), clock.instant().minus(idleTimeout)));
        forget(session);
        row.ifPresent(r -> {
            try {
                anonymous.post("/api/auth/logout", Map.of("refreshToken", open(r).refresh()));
            } catch (BackendUnavailableException e) {
                // the console session is gone either way; auth's session then expires on its own
                LOG.warn("logout could not reach auth-service: {}", e.getMessage());
            }
        });
    }

    /** Deletes the console session only (auth-service already ended it, e.g. sign out everywhere). */
    public void forget(ConsoleSession session) {
        jdbi.useExtension(SessionDao.class, dao -> dao.delete(session.idHash()));
    }

    /** Keeps the rendered name current after the user changed it. */
    public void updateProfile(ConsoleSession session, JsonNode user) {
        jdbi.useExtension(SessionDao.class, dao -> dao.updateProfile(session.idHash(), write(profile(user))));
    }

    /** Removes expired sessions; returns how many. */
    public int purgeExpired() {
        Instant now = clock.instant();
        return jdbi.withExtension(SessionDao.class, dao -> dao.purge(now, now.minus(idleTimeout)));
    }

    private ConsoleSession live(SessionDao.Row row) {
        Profile profile = read(row.profile());
        Tokens tokens = open(row);
        return new ConsoleSession(row.idHash(), row.csrfToken(), profile, tokens.access(),
                earliest(row.expiresAt(), row.lastSeenAt().plus(idleTimeout)));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private Instant accessExpiry(JsonNode tokenPair, Instant now) {
        long seconds = tokenPair.path("expiresIn").asLong(0);
        return now.plusSeconds(Math.max(0, seconds));
    }

    private byte[] seal(JsonNode tokenPair, byte[] idHash) {
        ObjectNode plain = mapper.createObjectNode()
                .put("a", tokenPair.path("accessToken").asText())
                .put("r", tokenPair.path("refreshToken").asText());
        return cipher.encrypt(plain.toString().getBytes(StandardCharsets.UTF_8), idHash);
    }

    private Tokens open(SessionDao.Row row) {
        try {
            JsonNode plain = mapper.readTree(cipher.decrypt(row.tokens(), row.idHash()));
            return new Tokens(plain.path("a").asText(), plain.path("r").asText());
        } catch (GeneralSecurityException | java.io.IOException e) {
            // a changed CONSOLE_SESSION_KEY_FILE: the session cannot be used; the user signs in again
            throw new IllegalStateException("session tokens cannot be decrypted with the current key", e);
        }
    }

    private Profile profile(JsonNode user) {
        try {
            return mapper.treeToValue(user, Profile.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("auth-service's user is not readable", e);
        }
    }

    private String write(Profile profile) {
        try {
            return mapper.writeValueAsString(profile);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Profile read(String json) {
        try {
            return mapper.readValue(json, Profile.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Tokens(String access, String refresh) {
        @Override
        public String toString() {
            return "Tokens[hidden]";
        }
    }
}
