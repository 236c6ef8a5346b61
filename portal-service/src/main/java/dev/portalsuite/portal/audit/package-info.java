/**
 * portal-service's append-only audit log of organisation, product, notification and sync-run changes, and the
 * admin endpoint {@code GET /api/portal/admin/audit}.
 */
package dev.portalsuite.portal.audit;
