package dev.portalsuite.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AES-GCM at rest: bound to its owner, refused with another key, and the development key generated once. */
class SecretBoxTest {

    @Test
    void sealedValuesOpenOnlyForTheirOwnerWithTheSameKey(@TempDir Path dir) {
        SecretBox box = SecretBox.load(Optional.empty(), dir);
        byte[] secret = "twenty-byte-secret!!".getBytes(StandardCharsets.US_ASCII);
        byte[] sealed = box.seal(secret, "user-1");

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(new String(secret, StandardCharsets.ISO_8859_1));
        assertThat(box.open(sealed, "user-1")).isEqualTo(secret);
        assertThat(box.seal(secret, "user-1")).isNotEqualTo(sealed);
        assertThatThrownBy(() -> box.open(sealed, "user-2")).isInstanceOf(IllegalStateException.class);

        SecretBox other = SecretBox.load(Optional.empty(), dir.resolve("elsewhere"));
        assertThatThrownBy(() -> other.open(sealed, "user-1")).isInstanceOf(IllegalStateException.class);
        // the development key is generated once and reused
        assertThat(SecretBox.load(Optional.empty(), dir).open(sealed, "user-1")).isEqualTo(secret);
    }

    @Test
    void aConfiguredKeyFileMustHold32Bytes(@TempDir Path dir) throws Exception {
        Path shortKey = dir.resolve("short");
        Files.writeString(shortKey, "c2hvcnQ=");
        assertThatThrownBy(() -> SecretBox.load(Optional.of(shortKey), dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        Path notBase64 = dir.resolve("bad");
        Files.writeString(notBase64, "not base64 at all!");
        assertThatThrownBy(() -> SecretBox.load(Optional.of(notBase64), dir)).isInstanceOf(IllegalArgumentException.class);
    }
}
