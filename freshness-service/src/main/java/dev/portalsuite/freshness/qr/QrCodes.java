package dev.portalsuite.freshness.qr;

import com.google.zxing.common.BitMatrix;
import dev.portalsuite.shared.qr.QrMatrix;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * QR codes of public URLs, drawn from ZXing's module matrix: error correction level M (survives ~15 % damage,
 * a smudged label), a quiet zone of four modules, black on white.
 */
public final class QrCodes {
    public static final int QUIET_ZONE = QrMatrix.QUIET_ZONE;
    public static final int MIN_PNG_SIZE = 64;
    public static final int MAX_PNG_SIZE = 2048;
    public static final int DEFAULT_PNG_SIZE = 512;
    /** SVG pixels per module, for the intrinsic size of the drawing (it scales without loss). */
    static final int SVG_MODULE_PIXELS = 8;

    /** The module matrix including the quiet zone: one bit per module, true = dark. */
    public BitMatrix matrix(String contents) {
        return QrMatrix.of(contents);
    }

    /**
     * An SVG with one path: each horizontal run of dark modules is one rectangle, in module units, drawn with
     * {@code shape-rendering="crispEdges"} on a white background that includes the quiet zone.
     */
    public String svg(String contents) {
        BitMatrix matrix = matrix(contents);
        int width = matrix.getWidth();
        int height = matrix.getHeight();
        String path = QrMatrix.svgPath(matrix);
        String title = escapeXml("QR code for " + contents);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 " + width + " " + height + "\""
                + " width=\"" + width * SVG_MODULE_PIXELS + "\" height=\"" + height * SVG_MODULE_PIXELS + "\""
                + " shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"" + title + "\">\n"
                + "<title>" + title + "</title>\n"
                + "<rect width=\"" + width + "\" height=\"" + height + "\" fill=\"#ffffff\"/>\n"
                + "<path fill=\"#000000\" d=\"" + path + "\"/>\n"
                + "</svg>\n";
    }

    /**
     * A PNG of {@code size} × {@code size} pixels: every module gets the same whole number of pixels (sharp edges
     * for scanners and printers), the symbol is centred, and the leftover border is white.
     */
    public byte[] png(String contents, int size) {
        BitMatrix matrix = matrix(contents);
        int modules = matrix.getWidth();
        int scale = Math.max(1, size / modules);
        int imageSize = Math.max(size, modules * scale);
        int offset = (imageSize - modules * scale) / 2;
        BufferedImage image = new BufferedImage(imageSize, imageSize, BufferedImage.TYPE_BYTE_BINARY);
        var graphics = image.createGraphics();
        try {
            graphics.setColor(java.awt.Color.WHITE);
            graphics.fillRect(0, 0, imageSize, imageSize);
            graphics.setColor(java.awt.Color.BLACK);
            for (int y = 0; y < modules; y++) {
                for (int x = 0; x < modules; x++) {
                    if (matrix.get(x, y)) {
                        graphics.fillRect(offset + x * scale, offset + y * scale, scale, scale);
                    }
                }
            }
        } finally {
            graphics.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String escapeXml(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
