/**
 * Service clients: their administration ({@code /api/auth/admin/service-clients}) and the client-credentials token
 * endpoint ({@code POST /api/auth/token}) that gives them access tokens with role {@code service} and their scopes.
 */
package dev.portalsuite.auth.client;
