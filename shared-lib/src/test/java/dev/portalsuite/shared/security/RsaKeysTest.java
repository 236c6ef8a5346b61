package dev.portalsuite.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RsaKeysTest {
    private static final SigningKey KEY = RsaKeys.generate();

    @Test
    void privateKeyPemRoundTrip() {
        String pem = RsaKeys.toPem(KEY.privateKey());
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(pem.lines().filter(l -> !l.startsWith("-----")).allMatch(l -> l.length() <= 64)).isTrue();

        SigningKey read = RsaKeys.readPrivateKeyPem(pem);

        assertThat(read.privateKey().getEncoded()).isEqualTo(KEY.privateKey().getEncoded());
        assertThat(read.publicKey()).isEqualTo(KEY.publicKey());
        assertThat(read.kid()).isEqualTo(KEY.kid());
    }

    @Test
    void publicKeyPemRoundTrip() {
        String pem = RsaKeys.toPem(KEY.publicKey());
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n");

        RSAPublicKey read = RsaKeys.readPublicKeyPem(pem);

        assertThat(read.getModulus()).isEqualTo(KEY.publicKey().getModulus());
        assertThat(read.getPublicExponent()).isEqualTo(KEY.publicKey().getPublicExponent());
        assertThat(RsaKeys.thumbprint(read)).isEqualTo(KEY.kid());
    }

    @Test
    void pemWithSurroundingTextAndCrlfIsRead() {
        String pem = "key for tests\r\n" + RsaKeys.toPem(KEY.privateKey()).replace("\n", "\r\n") + "trailer";

        assertThat(RsaKeys.readPrivateKeyPem(pem).kid()).isEqualTo(KEY.kid());
    }

    @Test
    void wrongPemsAreRejected() throws Exception {
        String publicPem = RsaKeys.toPem(KEY.publicKey());
        assertThatThrownBy(() -> RsaKeys.readPrivateKeyPem(publicPem)).isInstanceOf(IllegalArgumentException.class);
        String privatePem = RsaKeys.toPem(KEY.privateKey());
        assertThatThrownBy(() -> RsaKeys.readPublicKeyPem(privatePem)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RsaKeys.readPrivateKeyPem("not a pem")).isInstanceOf(IllegalArgumentException.class);
        // PKCS#1 ("RSA PRIVATE KEY") is not PKCS#8
        assertThatThrownBy(() -> RsaKeys.readPrivateKeyPem(privatePem.replace("PRIVATE KEY", "RSA PRIVATE KEY")))
                .isInstanceOf(IllegalArgumentException.class);
        // an EC key in PKCS#8 is not an RSA key
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        String ecPem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(ec.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> RsaKeys.readPrivateKeyPem(ecPem)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loadOrGenerateCreatesTheKeyFileOnceWithOwnerOnlyPermissions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/signing.pem");

        SigningKey first = RsaKeys.loadOrGenerate(file);
        assertThat(file).exists();
        assertThat(Files.readString(file)).contains("-----BEGIN PRIVATE KEY-----");
        assertThat(dir.resolve("keys/signing.pem.tmp")).doesNotExist();
        String contents = Files.readString(file);

        SigningKey second = RsaKeys.loadOrGenerate(file);

        assertThat(second.kid()).isEqualTo(first.kid());
        assertThat(second.privateKey().getEncoded()).isEqualTo(first.privateKey().getEncoded());
        assertThat(Files.readString(file)).isEqualTo(contents);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void loadOrGenerateOnPosixIsOwnerOnly(@TempDir Path dir) throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path file = dir.resolve("k.pem");
        RsaKeys.loadOrGenerate(file);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void thumbprintMatchesTheRfc7638Example() throws Exception {
        // RFC 7638 section 3.1
        String n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMs"
                + "tn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5"
                + "hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        String e = "AQAB";
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(n)), new BigInteger(1, Base64.getUrlDecoder().decode(e))));

        assertThat(RsaKeys.thumbprint(key)).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
        assertThat(RsaKeys.toJwk("k1", key)).containsEntry("n", n).containsEntry("e", e);
    }

    @Test
    void jwkCarriesTheKeyWithoutPaddingOrSignByte() {
        Map<String, Object> jwk = RsaKeys.toJwk(KEY.kid(), KEY.publicKey());

        assertThat(jwk).containsEntry("kty", "RSA").containsEntry("use", "sig").containsEntry("alg", "RS256")
                .containsEntry("kid", KEY.kid()).containsEntry("e", "AQAB");
        byte[] modulus = Base64.getUrlDecoder().decode((String) jwk.get("n"));
        assertThat(modulus).hasSize(256); // 2048 bits, no leading 0x00
        assertThat(new BigInteger(1, modulus)).isEqualTo(KEY.publicKey().getModulus());
        assertThat((String) jwk.get("n")).doesNotContain("=");
        assertThat(RsaKeys.generate().kid()).isNotEqualTo(KEY.kid());
    }
}
