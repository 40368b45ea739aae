package io.sparkbench.operator.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.operator.RequiredTool;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The results page in a real browser, headless Chromium with every network request refused: it
 * parses into one point per result and the model's line, and draws them. The screenshot is kept at
 * {@code target/results-page.png} (the README's picture is one). Skipped with the reason where no
 * Chromium is installed, unless {@value #REQUIRED_PROPERTY} is true, as CI sets it.
 */
class ResultsPageInBrowserIT {

  private static final Path SCREENSHOT = Path.of("target", "results-page.png").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void chromiumDrawsThePageOfflineWithOnePointPerResultAndTheModelLine() throws Exception {
    Path chromium =
        RequiredTool.find(
            "browser",
            "Debian: apt-get install chromium",
            "chromium",
            "chromium-browser",
            "google-chrome");
    Path page = dir.resolve("team-a-quickstart.html");
    Files.writeString(page, ResultsPage.render(ResultsPageTest.measured()), StandardCharsets.UTF_8);

    String dom = run(chromium, List.of("--dump-dom", page.toUri().toString()));
    assertThat(count(dom, "<circle class=\"run\"")).isEqualTo(3);
    assertThat(count(dom, "<path class=\"model\"")).isEqualTo(1);
    assertThat(count(dom, "<tr class=\"run-row\">")).isEqualTo(3);
    // the timeline chart, JFreeChart's drawing written as SVG by JFreeSVG, parsed as SVG
    assertThat(dom).contains("Where the time of each run went").contains("<svg class=\"chart\"");

    Files.createDirectories(SCREENSHOT.getParent());
    Files.deleteIfExists(SCREENSHOT);
    run(
        chromium,
        List.of("--screenshot=" + SCREENSHOT, "--window-size=1320,1200", page.toUri().toString()));
    BufferedImage image = ImageIO.read(SCREENSHOT.toFile());
    assertThat(image).as("the screenshot " + SCREENSHOT).isNotNull();
    // The points (blue) and the model's line (orange) were drawn, not only parsed.
    assertThat(pixels(image, 0x1f6feb)).isGreaterThan(50);
    assertThat(pixels(image, 0xe8590c)).isGreaterThan(50);
    // ... and the timeline's container-start part (dark grey, no other chart's colour) was drawn
    assertThat(pixels(image, 0x495057)).isGreaterThan(50);
  }

  /** Runs headless Chromium with no network: every host unresolvable, every proxy refused. */
  private String run(Path chromium, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(chromium.toString());
    command.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--user-data-dir=" + dir.resolve("profile"),
            "--proxy-server=127.0.0.1:9",
            "--host-resolver-rules=MAP * ~NOTFOUND"));
    command.addAll(args);
    Path out = dir.resolve("chromium.out");
    Path err = dir.resolve("chromium.err");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
    }
    assertThat(process.exitValue()).as(Files.readString(err)).isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  /** Pixels within a small distance of {@code rgb}. */
  private static int pixels(BufferedImage image, int rgb) {
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        if (Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff)) < 12
            && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) < 12
            && Math.abs((p & 0xff) - (rgb & 0xff)) < 12) {
          count++;
        }
      }
    }
    return count;
  }

  private static int count(String text, String needle) {
    return text.split(Pattern.quote(needle), -1).length - 1;
  }
}
