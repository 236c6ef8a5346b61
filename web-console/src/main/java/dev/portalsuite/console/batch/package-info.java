/**
 * The freshness pages for inventory users and admins ({@code /batches}): the list with status colours, filters
 * and paging, recording, editing and deleting a batch, its QR code (PNG/SVG) and the printable A4 label sheet.
 */
package dev.portalsuite.console.batch;
