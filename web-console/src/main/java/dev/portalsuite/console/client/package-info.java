/**
 * The admin's service-client pages ({@code /admin/service-clients}): create a client (its secret shown once),
 * change its scopes, disable it.
 */
package dev.portalsuite.console.client;
