package dev.portalsuite.auth.mfa.totp;

import com.google.zxing.common.BitMatrix;
import dev.portalsuite.shared.qr.QrMatrix;

/** The otpauth URI as an SVG QR code (shared-lib's {@link QrMatrix}), for authenticator apps to scan. */
final class QrSvg {
    private static final int MODULE_PIXELS = 6;

    private QrSvg() {
    }

    static String of(String contents) {
        BitMatrix matrix = QrMatrix.of(contents);
        int width = matrix.getWidth();
        int height = matrix.getHeight();
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + width + " " + height + "\" width=\""
                + width * MODULE_PIXELS + "\" height=\"" + height * MODULE_PIXELS
                + "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code for your authenticator app\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + QrMatrix.svgPath(matrix)
                + "\"/></svg>";
    }
}
