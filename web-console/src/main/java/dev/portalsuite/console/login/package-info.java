/**
 * Sign-in, sign-up (also from an invite link) and sign-out: the API's outcomes shown as a person needs them, a
 * new console session at every sign-in.
 */
package dev.portalsuite.console.login;
