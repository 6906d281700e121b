package dev.mlops.core.format.internal;

import org.jspecify.annotations.Nullable;

/**
 * A tensor of the model whose data lives in another file ({@code TensorProto} with {@code
 * data_location = EXTERNAL} or {@code external_data} entries). ONNX Runtime reads {@code location}
 * relative to the model file's directory, so an absolute location or one with {@code ..} would
 * make it read any file of the host into the model's weights.
 *
 * @param tensor the tensor's name
 * @param where where in the model it is, such as {@code initializer 'W'}
 * @param location the {@code location} entry, or null if the tensor names none
 * @since 0.1
 */
public record ExternalTensor(String tensor, String where, @Nullable String location) {}
