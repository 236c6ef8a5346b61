package dev.portalsuite.shared.security;

import io.javalin.security.RouteRole;

/** Route roles that are not token roles. A route with no role at all is public. */
public enum Access implements RouteRole {
    /** Any valid access token, whatever its roles. */
    AUTHENTICATED,
    /** Any signed-in person: a valid token with a role other than {@code service} (machine clients get 403). */
    PERSON
}
