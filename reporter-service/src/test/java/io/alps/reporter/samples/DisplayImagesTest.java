package io.alps.reporter.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alps.infra.PngHeader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DisplayImagesTest {
    private final DisplayImages images = new DisplayImages(512, 40_000_000L);

    @TempDir
    Path dir;

    @Test
    void aTransparentPngKeepsItsTransparencyAndAThinOneKeepsAtLeastOnePixel() throws Exception {
        BufferedImage thin = new BufferedImage(2000, 3, BufferedImage.TYPE_INT_ARGB);
        thin.setRGB(0, 0, 0x80ff0000);
        Path file = dir.resolve("thin.png");
        ImageIO.write(thin, "png", file.toFile());
        DisplayImages.Encoded shown = images.read(file);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(shown.bytes()));
        assertThat(shown.contentType()).isEqualTo("image/png");
        assertThat(new int[] {back.getWidth(), back.getHeight()}).containsExactly(512, 1);
        assertThat(back.getColorModel().hasAlpha()).isTrue();
        assertThat(back.getRGB(511, 0) >>> 24).as("a transparent pixel stays transparent").isZero();
    }

    @Test
    void aGifThatFitsIsSentAsPngAtItsOwnSizeNeverEnlarged() throws Exception {
        Path file = dir.resolve("small.gif");
        ImageIO.write(new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB), "gif", file.toFile());
        DisplayImages.Encoded shown = images.read(file);
        assertThat(shown.contentType()).isEqualTo("image/png");
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(shown.bytes()));
        assertThat(new int[] {back.getWidth(), back.getHeight()}).containsExactly(20, 10);
    }

    @Test
    void aHeaderClaimingTooManyPixelsIsRefusedBeforeDecodingWithoutThePath() throws Exception {
        Path file = dir.resolve("huge.png");
        Files.write(file, PngHeader.claiming(40_000, 40_000));
        assertThatThrownBy(() -> images.read(file)).isInstanceOf(DisplayImages.Unreadable.class)
                .hasMessageContaining("40000 x 40000 pixels").hasMessageNotContaining(dir.toString());
    }
}
