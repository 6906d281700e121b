/**
 * What the SDK reads from model files without their engines: a reader of the ONNX protobuf
 * format ({@link dev.mlops.core.format.internal.OnnxReader}), the checks applied to ONNX and
 * TorchScript artifacts at registration and at load (the file parses, external data stays inside
 * the artifact), and the signature inferred from an ONNX graph. Internal: may change in any
 * release.
 */
@NullMarked
package dev.mlops.core.format.internal;

import org.jspecify.annotations.NullMarked;
