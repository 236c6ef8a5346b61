package dev.portalsuite.freshness.qr;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/** Test helpers that read QR images back: ZXing's reader on real pixels, and the SVG path re-drawn as modules. */
final class QrImages {
    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
    private static final Pattern PATH = Pattern.compile("<path [^>]*d=\"([^\"]*)\"");
    private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");

    private QrImages() {
    }

    static BufferedImage readPng(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        if (image == null) {
            throw new AssertionError("not a PNG image");
        }
        return image;
    }

    /** Decodes a QR code from an image with ZXing's reader, as a phone's scanner would. */
    static String decode(BufferedImage image) throws Exception {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
        Result result = new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
        return result.getText();
    }

    /** Re-draws the SVG's single path into a module matrix (one bit per viewBox unit). */
    static BitMatrix modulesOf(String svg) {
        Matcher box = VIEW_BOX.matcher(svg);
        if (!box.find()) {
            throw new AssertionError("no viewBox in " + svg);
        }
        BitMatrix matrix = new BitMatrix(Integer.parseInt(box.group(1)), Integer.parseInt(box.group(2)));
        Matcher path = PATH.matcher(svg);
        if (!path.find()) {
            throw new AssertionError("no path in " + svg);
        }
        String d = path.group(1);
        Matcher run = RUN.matcher(d);
        int consumed = 0;
        while (run.find()) {
            if (run.start() != consumed) {
                throw new AssertionError("unexpected path data at " + consumed + ": " + d.substring(consumed, run.start()));
            }
            consumed = run.end();
            int x = Integer.parseInt(run.group(1));
            int y = Integer.parseInt(run.group(2));
            int length = Integer.parseInt(run.group(3));
            if (length != Integer.parseInt(run.group(4))) {
                throw new AssertionError("a run that does not close: " + run.group());
            }
            matrix.setRegion(x, y, length, 1);
        }
        if (consumed != d.length()) {
            throw new AssertionError("unexpected path data at " + consumed);
        }
        return matrix;
    }

    /** Rasterises a module matrix at {@code scale} pixels per module, black on white. */
    static BufferedImage render(BitMatrix modules, int scale) {
        BufferedImage image = new BufferedImage(modules.getWidth() * scale, modules.getHeight() * scale,
                BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, modules.get(x / scale, y / scale) ? 0x000000 : 0xFFFFFF);
            }
        }
        return image;
    }
}
