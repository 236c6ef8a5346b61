/**
 * The account pages ({@code /account}, {@code /account/sessions}): the signed-in person's name, password change,
 * and where they are signed in, with "sign out this session" and "sign out everywhere".
 */
package dev.portalsuite.console.account;
