/**
 * auth-service's append-only audit log: the actions it records, writing events, and the admin endpoint
 * {@code GET /api/auth/admin/audit}.
 */
package dev.portalsuite.auth.audit;
