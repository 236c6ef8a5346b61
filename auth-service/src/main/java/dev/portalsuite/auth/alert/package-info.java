/**
 * Security alerts mailed to the account's owner (password changed, account locked, sign-in from a browser and
 * network not seen for 90 days) and the memory of known devices behind the last one.
 */
package dev.portalsuite.auth.alert;
