/**
 * QR codes (SVG and PNG) of a batch's public URL, for the callers who may see the batch.
 */
package dev.portalsuite.freshness.qr;
