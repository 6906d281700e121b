package dev.mlops.console.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Random values, digests and comparisons that take the same time whatever the input. */
final class Secrets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /**
   * A random value of 256 bits, URL-safe Base64 without padding.
   *
   * @return the value
   */
  static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * The SHA-256 digest of a text's UTF-8 bytes.
   *
   * @param text the text
   * @return 32 bytes
   */
  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }

  /**
   * Whether a text matches a stored digest, in time independent of where they differ and of the
   * text's length (both sides are digests of equal length).
   *
   * @param text what the client sent
   * @param digest the digest of the expected value
   * @return true if they match
   */
  static boolean matches(String text, byte[] digest) {
    return MessageDigest.isEqual(sha256(text), digest);
  }

  /**
   * HMAC-SHA256 of a message, URL-safe Base64 without padding.
   *
   * @param key the key
   * @param message the message
   * @return the code
   */
  static String hmac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Every Java platform has HmacSHA256", e);
    }
  }

  /**
   * Random key bytes.
   *
   * @param length how many
   * @return the bytes
   */
  static byte[] randomKey(int length) {
    byte[] key = new byte[length];
    RANDOM.nextBytes(key);
    return key;
  }

  /**
   * Compares two texts in time independent of where they differ.
   *
   * @param a one
   * @param b the other
   * @return true if equal
   */
  static boolean equal(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
