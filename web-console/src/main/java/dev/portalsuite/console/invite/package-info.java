/**
 * The invite pages ({@code /admin/invites}, for admins, MSSP and MSP users): create an invite with the roles and
 * organisations the inviter may grant, copy its sign-up link, list by status, revoke.
 */
package dev.portalsuite.console.invite;
