package io.castellan.secret;

import io.castellan.platform.OwnerOnlyFile;
import io.castellan.platform.ServerSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.logging.Logger;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secret values at rest with AES-256-GCM: a fresh 12-byte nonce per value, the process and
 * secret name bound in as associated data (a value copied to another row does not decrypt). The
 * key is {@code CASTELLAN_SECRETS_KEY} (32 bytes, base64), else generated at first start into
 * {@code secrets-key} in the data directory (mode 600). Losing the key loses the stored values.
 */
@ApplicationScoped
class SecretCipher {

    static final String KEY_VARIABLE = "CASTELLAN_SECRETS_KEY";
    private static final Logger LOG = Logger.getLogger(SecretCipher.class.getName());
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] SAMPLE = "castellan secrets key check".getBytes(StandardCharsets.UTF_8);

    private final SecureRandom random = new SecureRandom();
    private SecretKeySpec key;

    /** For the container, which calls {@link #init}. */
    SecretCipher() {
    }

    /** With this key, as it is (the tests). */
    SecretCipher(byte[] keyBytes) {
        key = new SecretKeySpec(keyBytes.clone(), "AES");
    }

    @PostConstruct
    void init() {
        String fromEnv = System.getenv(KEY_VARIABLE);
        byte[] bytes;
        if (fromEnv != null && !fromEnv.isBlank()) {
            bytes = Base64.getDecoder().decode(fromEnv.trim());
        } else {
            bytes = keyFile(Path.of(ServerSettings.get("castellan/data/dir", "castellan"), "secrets-key"));
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(KEY_VARIABLE + " must be 32 bytes, base64-encoded (it has " + bytes.length + ")");
        }
        key = new SecretKeySpec(bytes, "AES");
        Arrays.fill(bytes, (byte) 0);
    }

    private byte[] keyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                random.nextBytes(fresh);
                OwnerOnlyFile.write(file, Base64.getEncoder().encodeToString(fresh));
                LOG.info(() -> "Generated the key that encrypts secrets at rest and wrote it to " + file);
                return fresh;
            }
            return Base64.getDecoder().decode(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the secrets key " + file, e);
        }
    }

    /** base64 of nonce followed by ciphertext and tag. */
    String encrypt(String process, String name, byte[] value) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associated(process, name));
            byte[] sealed = cipher.doFinal(value);
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The value's bytes; the caller overwrites them when done. */
    byte[] decrypt(String process, String name, String stored) {
        byte[] all = Base64.getDecoder().decode(stored);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(associated(process, name));
            return cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secret " + name + " of " + process + " does not decrypt with this server's key", e);
        }
    }

    /** A sample sealed with this key, which only the same key opens ({@link #opens}). */
    String sample() {
        return encrypt("castellan", "key-check", SAMPLE);
    }

    boolean opens(String sample) {
        try {
            return Arrays.equals(decrypt("castellan", "key-check", sample), SAMPLE);
        } catch (IllegalStateException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] associated(String process, String name) {
        return (process + "\u0000" + name).getBytes(StandardCharsets.UTF_8);
    }
}
