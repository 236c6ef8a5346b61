package dev.portalsuite.shared.qr;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * QR codes as every service draws them, from ZXing's module matrix: error correction level M (survives ~15 % damage,
 * a smudged label), a quiet zone of four modules; and the SVG path of its dark modules.
 */
public final class QrMatrix {
    public static final int QUIET_ZONE = 4;

    private QrMatrix() {
    }

    /** The module matrix including the quiet zone: one bit per module, true = dark. */
    public static BitMatrix of(String contents) {
        try {
            return new QRCodeWriter().encode(contents, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.MARGIN, QUIET_ZONE,
                    EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name()));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode a QR code of " + contents.length() + " characters", e);
        }
    }

    /** An SVG path in module units: each horizontal run of dark modules is one rectangle. */
    public static String svgPath(BitMatrix matrix) {
        int width = matrix.getWidth();
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < matrix.getHeight(); y++) {
            int x = 0;
            while (x < width) {
                if (!matrix.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < width && matrix.get(x, y)) {
                    x++;
                }
                path.append('M').append(start).append(' ').append(y).append('h').append(x - start).append("v1h-")
                        .append(x - start).append('z');
            }
        }
        return path.toString();
    }
}
