package dev.mlops.djl.internal;

import java.nio.charset.StandardCharsets;

/**
 * Maps a routing key to a point in [0, 1) that is the same in every JVM and every run: 64-bit
 * FNV-1a over the UTF-8 bytes of the key's text, then the SplitMix64 finaliser so that keys which
 * differ only in their last characters still spread over the whole interval. Never uses
 * {@code Object.hashCode}, which differs between JVMs for many types.
 */
public final class StickyHash {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private StickyHash() {}

  /**
   * The point of a key.
   *
   * @param key any value; its {@code toString()} is hashed
   * @return a number in [0, 1)
   */
  public static double unitInterval(Object key) {
    long h = FNV_OFFSET;
    for (byte b : key.toString().getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= FNV_PRIME;
    }
    h ^= h >>> 30;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 27;
    h *= 0x94d049bb133111ebL;
    h ^= h >>> 31;
    return (h >>> 11) * 0x1.0p-53;
  }
}
