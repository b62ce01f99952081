package dev.threadscope.it;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless Chromium, rendering a local page to a PNG. Its console goes to stderr with
 * {@code --enable-logging=stderr}, one {@code :CONSOLE} line per message: an uncaught script
 * error, a {@code console.*} call, or a fetch that the page's Content-Security-Policy blocked.
 */
final class Chromium {
    static final String BINARY = "chromium";

    record Rendering(int exit, List<String> console, BufferedImage image, String stderr) {
    }

    private Chromium() {
    }

    /** Skips the calling test, saying how to get Chromium, where it is not installed. */
    static void assumeInstalled() {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            found |= !dir.isEmpty() && Files.isExecutable(Path.of(dir, BINARY));
        }
        Assumptions.assumeTrue(found, "chromium not installed: apt-get install chromium (.ci/run installs it)");
    }

    static Rendering render(Path page, int width, int height) throws Exception {
        Path dir = Files.createTempDirectory("threadscope-chromium");
        Path png = dir.resolve("page.png");
        List<String> command = List.of(BINARY, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--no-first-run", "--user-data-dir=" + dir.resolve("profile"), "--enable-logging=stderr", "--v=0",
                "--window-size=" + width + "," + height, "--screenshot=" + png, page.toUri().toString());
        try (ChildJvm chromium = ChildJvm.exec(command, Map.of())) {
            int exit = chromium.waitFor(120);
            String stderr = chromium.stderr();
            List<String> console = stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
            BufferedImage image = Files.exists(png) ? ImageIO.read(png.toFile()) : null;
            return new Rendering(exit, console, image, stderr);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Pixels within a few steps per channel of {@code rgb} (hex, e.g. "#4e79a7"). */
    static long pixels(BufferedImage image, String rgb) {
        int want = Integer.parseInt(rgb.substring(1), 16);
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int got = image.getRGB(x, y);
                if (near(got >> 16, want >> 16) && near(got >> 8, want >> 8) && near(got, want)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static boolean near(int a, int b) {
        return Math.abs((a & 0xff) - (b & 0xff)) <= 6;
    }
}
