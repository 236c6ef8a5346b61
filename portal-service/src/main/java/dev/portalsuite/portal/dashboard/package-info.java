/**
 * The dashboard ({@code GET /api/portal/dashboard}): totals over the caller's scope and the last sync, computed
 * by PostgreSQL.
 */
package dev.portalsuite.portal.dashboard;
