/**
 * What every page shares: the JTE renderer, the page frame and its model ({@code Pages}, {@code Chrome}), the
 * session cookie, CSRF tokens and the {@code Sec-Fetch-Site}/{@code Origin} check, security headers, error pages,
 * forms with their field messages, tables and paging.
 */
package dev.portalsuite.console.web;
