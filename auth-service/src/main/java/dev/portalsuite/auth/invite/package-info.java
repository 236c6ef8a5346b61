/**
 * Invites that grant a role (and an organisation) to an email before its account exists: who may invite whom,
 * the invite endpoints, acceptance at registration or first OIDC sign-in, and the portal-service lookup
 * ({@code OrgDirectory}) that checks an organisation is in the inviter's scope.
 */
package dev.portalsuite.auth.invite;
