/**
 * The signing keys: {@code KeyRing} (the newest key signs, earlier ones stay published) and the JWKS endpoint
 * {@code GET /.well-known/jwks.json} the other services verify tokens with.
 */
package dev.portalsuite.auth.keys;
