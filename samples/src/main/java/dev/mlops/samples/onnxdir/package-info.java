/**
 * An example registry plugin: a read-only {@link dev.mlops.registry.ModelRegistry} over a directory
 * of ONNX files, found through {@link java.util.ServiceLoader} under the scheme {@code onnxdir:}.
 * It shows the whole of what a plugin needs (a provider, a registry, a
 * {@code META-INF/services} entry and a contract test); docs/registry-plugins.md walks through it.
 *
 * <p>Layout: {@code ROOT/MODEL/N.onnx} is version {@code N} of {@code MODEL}; an optional
 * {@code ROOT/MODEL/N.onnx.sha256} (the output of {@code sha256sum}) pins the file's checksum, so
 * that later damage is detected when the version is opened.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.samples.onnxdir;

import org.jspecify.annotations.NullMarked;
