/**
 * The sync-run ingest API ({@code /api/portal/sync-runs}) for service clients with scope {@code portal:ingest}:
 * one running run per source, set-based batch writes, clients waiting for their parent, rejections, and
 * deactivation of what a complete run no longer lists.
 */
package dev.portalsuite.portal.sync;
