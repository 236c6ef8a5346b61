/**
 * The public side, no token needed: the freshness page {@code /b/{code}} a QR code opens and its JSON twin,
 * rendered from small escaped HTML templates without JavaScript.
 */
package dev.portalsuite.freshness.publicpage;
