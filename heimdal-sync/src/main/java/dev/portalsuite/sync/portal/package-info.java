/**
 * The client of portal-service's sync-run ingest API and the records, batch results and run summary it exchanges.
 */
package dev.portalsuite.sync.portal;
