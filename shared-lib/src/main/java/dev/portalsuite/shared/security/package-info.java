/**
 * Tokens and access: RS256 issuing ({@code TokenIssuer}) and verification ({@code TokenVerifier}) with the keys of
 * {@code AuthKeys} (JWKS or a PEM file), the verified {@code Principal}, the {@code Caller} of a request (principal,
 * client IP, user agent, request id) every controller reads the same way, token roles and the route-role check
 * ({@code AccessControl}), and opaque secrets stored only as hashes ({@code OpaqueTokens}).
 */
package dev.portalsuite.shared.security;
