/**
 * "Forgot password" and the reset with a mailed single-use link: the same answer whether or not the address is
 * registered, rate limits per IP and per address, and a reset that ends every session.
 */
package dev.portalsuite.auth.password;
