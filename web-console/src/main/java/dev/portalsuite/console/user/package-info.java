/**
 * The admin's user pages ({@code /admin/users}): search, filter by role, edit roles and organisation, disable,
 * unlock, delete with confirmation.
 */
package dev.portalsuite.console.user;
