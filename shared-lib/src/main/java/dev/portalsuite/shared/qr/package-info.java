/** QR codes drawn the same way by every service ({@code QrMatrix}): the module matrix and its SVG path. */
package dev.portalsuite.shared.qr;
