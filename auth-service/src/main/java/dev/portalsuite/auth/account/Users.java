package dev.portalsuite.auth.account;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Reads users for the other features, so they do not repeat the row mapping. */
public final class Users {
    private final Jdbi jdbi;

    public Users(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Optional<User> byId(UUID id) {
        return jdbi.withExtension(UserDao.class, dao -> dao.findById(id).map(UserDao.Row::toUser));
    }

    public Optional<User> byId(Handle handle, UUID id) {
        return handle.attach(UserDao.class).findById(id).map(UserDao.Row::toUser);
    }

    /** The user of a live session who is not disabled; empty otherwise (one statement). */
    public Optional<User> ofLiveSession(UUID sessionId, UUID userId, Instant now) {
        return jdbi.withExtension(UserDao.class, dao -> dao.findByLiveSession(sessionId, userId, now).map(UserDao.Row::toUser));
    }

    public Optional<User> byEmail(String normalisedEmail) {
        return jdbi.withExtension(UserDao.class, dao -> dao.findByEmail(normalisedEmail).map(UserDao.Row::toUser));
    }
}
