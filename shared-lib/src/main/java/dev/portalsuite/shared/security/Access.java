package dev.portalsuite.shared.security;

import io.javalin.security.RouteRole;

/** Route roles that are not token roles. A route with no role at all is public. */
public enum Access implements RouteRole {
    /** Any valid access token, whatever its roles. */
    AUTHENTICATED,
    /** Any signed-in person: a valid token with a role other than {@code service} (machine clients get 403). */
    PERSON,
    /**
     * Marks the routes that enrol a second factor: the only routes a token with scope {@code mfa:enroll} may use
     * (every other route answers 403 to it). Grants nothing by itself; list it next to the route's real roles.
     */
    MFA_ENROLMENT
}
