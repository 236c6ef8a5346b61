/**
 * The console's calls to auth-, portal- and freshness-service over the one shared HTTP client, with the user's
 * token ({@code Backend}), and what their answers mean for a page: success, validation errors, a refused session,
 * a forbidden page or an unreachable service.
 */
package dev.portalsuite.console.backend;
