package dev.portalsuite.shared.security;

import dev.portalsuite.shared.web.ApiException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.security.RouteRole;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The route-role check, run before every matched route. A route with no roles is public; otherwise
 * the bearer token must verify (401 otherwise), and the principal must hold one of the route's roles
 * or the route must allow {@link Access#AUTHENTICATED} (403 otherwise). A token restricted to enrolling a second
 * factor (scope {@code mfa:enroll}) gets 403 on every route not marked {@link Access#MFA_ENROLMENT}.
 */
public final class AccessControl implements Handler {
    private static final String PRINCIPAL = "portal.principal";
    private static final String SESSION_FOUND = "portal.sessionFound";

    private final TokenVerifier verifier;
    private final Function<Principal, Optional<?>> sessionLookup;

    /**
     * @param stillValid an extra check on a verified token; {@code p -> true} where the token alone decides
     */
    public AccessControl(TokenVerifier verifier, Predicate<Principal> stillValid) {
        this.verifier = verifier;
        this.sessionLookup = principal -> stillValid.test(principal) ? Optional.of(principal) : Optional.empty();
    }

    private AccessControl(TokenVerifier verifier, Function<Principal, Optional<?>> sessionLookup) {
        this.verifier = verifier;
        this.sessionLookup = sessionLookup;
    }

    /**
     * @param sessionLookup the extra check on a verified token as a look-up (auth-service: the signed-in user of a
     *     live session; empty for a revoked session or a disabled user, and the token is refused). What it finds is
     *     kept for the route ({@link #sessionFound}), so a route that needs the same row does not read it again.
     */
    public static AccessControl withSessionLookup(TokenVerifier verifier, Function<Principal, Optional<?>> sessionLookup) {
        return new AccessControl(verifier, sessionLookup);
    }

    @Override
    public void handle(Context ctx) {
        Set<RouteRole> routeRoles = ctx.routeRoles();
        if (routeRoles.isEmpty()) {
            return;
        }
        Principal principal = verify(ctx.header("Authorization"));
        Optional<?> found = sessionLookup.apply(principal);
        if (found.isEmpty()) {
            throw ApiException.unauthorized("The session of this token has ended.");
        }
        ctx.attribute(PRINCIPAL, principal);
        ctx.attribute(SESSION_FOUND, found.get());
        if (principal.enrolmentOnly() && !routeRoles.contains(Access.MFA_ENROLMENT)) {
            throw ApiException.forbidden("This token may only be used to enrol a second factor; enrol one, then sign in again.");
        }
        if (routeRoles.contains(Access.AUTHENTICATED)) {
            return;
        }
        if (routeRoles.contains(Access.PERSON) && principal.roles().stream().anyMatch(r -> !r.equals(Role.SERVICE.claim()))) {
            return;
        }
        boolean allowed = routeRoles.stream()
                .anyMatch(role -> role instanceof Role r && principal.hasRole(r));
        if (!allowed) {
            throw ApiException.forbidden("Your role does not allow this operation.");
        }
    }

    private Principal verify(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw ApiException.unauthorized("A bearer token is required.");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("Use the Bearer authorization scheme.");
        }
        Principal principal;
        try {
            principal = verifier.verify(authorization.substring(7).trim());
        } catch (InvalidTokenException e) {
            throw ApiException.unauthorized("The bearer token is invalid or expired.");
        } catch (TokenVerifier.KeysUnavailableException e) {
            throw ApiException.unavailable("Tokens cannot be checked right now; try again shortly.", java.time.Duration.ofSeconds(5));
        }
        return principal;
    }

    /** The verified caller of a route that declares roles; null on a public route. */
    static Principal principalIfAny(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    /** What the session look-up found for this request's token, if it is a {@code type}. */
    public static <T> Optional<T> sessionFound(Context ctx, Class<T> type) {
        Object found = ctx.attribute(SESSION_FOUND);
        return type.isInstance(found) ? Optional.of(type.cast(found)) : Optional.empty();
    }

    /** The verified caller; only valid on routes that declare roles. */
    public static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException("route " + ctx.path() + " has no roles, so it has no principal");
        }
        return principal;
    }
}
