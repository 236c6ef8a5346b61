/**
 * Meat batches of an organisation ({@code /api/freshness/batches}): validation, organisation scope, soft delete,
 * freshness as of today in the configured zone, and each batch's random public code and public URL.
 */
package dev.portalsuite.freshness.batch;
