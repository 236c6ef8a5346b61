/**
 * The step-up page ({@code /step-up}): when an API wants a recent second factor (RFC 9470
 * {@code insufficient_user_authentication}), the session is kept and the person confirms a factor again, then
 * submits their form again.
 */
package dev.portalsuite.console.stepup;
