/**
 * Access tokens from auth-service by the client-credentials grant, cached and fetched again before they expire.
 */
package dev.portalsuite.sync.auth;
