/**
 * User administration for admins ({@code /api/auth/admin/users}): list, change roles and organisation, disable,
 * delete, unlock.
 */
package dev.portalsuite.auth.admin;
