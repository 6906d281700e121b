package dev.mlops.core.format.internal;

/**
 * A named graph input or output ({@code ValueInfoProto}).
 *
 * @param name the value's name, by which a session feeds or returns it
 * @param type its type
 * @since 0.1
 */
public record OnnxValueInfo(String name, OnnxType type) {}
