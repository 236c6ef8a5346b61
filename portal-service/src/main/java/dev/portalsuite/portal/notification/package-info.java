/**
 * Notifications addressed to a user, an organisation (and everything below it) or a role, with per-user read
 * state ({@code /api/portal/notifications}).
 */
package dev.portalsuite.portal.notification;
