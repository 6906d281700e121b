package dev.mlops.djl.internal;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.repository.zoo.ZooModel;
import dev.mlops.djl.internal.TabularNetDescription.FeatureEncoding;
import dev.mlops.predict.PredictionException;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Loads a {@code djl} artifact (see {@code docs/djl-trainer.md}): reads {@code model.json}, checks it
 * against the version's signature, rebuilds the block, loads DJL's parameter file on the PyTorch
 * engine, and pairs it with a {@link TabularNetTranslator} that applies the saved preprocessing.
 */
public final class TabularNetLoader {

  /** The engine {@code djl} artifacts are trained and served on. */
  public static final String ENGINE = "PyTorch";

  private TabularNetLoader() {}

  /**
   * Loads a version of format {@code djl}.
   *
   * @param artifact the verified artifact
   * @param signature the version's signature
   * @return the model with its translator; the caller closes it
   * @throws PredictionException if the artifact is incomplete, its description does not match the
   *     signature, or the parameters cannot be loaded
   */
  public static ZooModel<EncodedBatch, ScoreBatch> load(ModelArtifact artifact,
      ModelSignature signature) {
    ModelVersion v = artifact.version();
    Path file = descriptionFile(artifact);
    TabularNetDescription description;
    try {
      description = TabularNetDescription.read(file);
    } catch (IOException | IllegalArgumentException e) {
      throw fail(v, "has an unreadable " + TabularNetDescription.FILE_NAME + ": " + e.getMessage(),
          e);
    }
    checkSignature(v, description, signature);
    try {
      // A file of the artifact's directory always has a parent.
      Path directory = Objects.requireNonNull(file.toAbsolutePath().getParent());
      Model model = open(v.name(), directory, description);

      return new ZooModel<>(model, new TabularNetTranslator(description));
    } catch (IOException | MalformedModelException | RuntimeException e) {
      throw fail(v, "could not be loaded by " + ENGINE + " from " + description.parameterFile()
          + ": " + e.getMessage(), e);
    }
  }

  /**
   * Rebuilds the block of a description and loads its parameters from a directory, on the CPU.
   *
   * @param name the model name DJL gives the model
   * @param directory the directory holding the parameter file
   * @param description the description
   * @return the model, ready for predictors; the caller closes it
   * @throws IOException if the parameter file is missing or unreadable
   * @throws MalformedModelException if the parameters do not fit the block
   */
  public static Model open(String name, Path directory, TabularNetDescription description)
      throws IOException, MalformedModelException {
    if (!Files.isRegularFile(directory.resolve(description.parameterFile()))) {
      throw new IOException("the parameter file " + description.parameterFile()
          + " is missing beside " + TabularNetDescription.FILE_NAME);
    }
    Model model = Model.newInstance(name, Device.cpu(), ENGINE);
    try {
      model.setBlock(TabularNetBlocks.build(description.architecture()));
      model.load(directory, TabularNetDescription.PARAMETER_PREFIX);
      return model;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private static Path descriptionFile(ModelArtifact artifact) {
    List<String> candidates = artifact.files().stream().map(ArtifactRef::path)
        .filter(p -> p.equals(TabularNetDescription.FILE_NAME)
            || p.endsWith("/" + TabularNetDescription.FILE_NAME))
        .toList();
    if (candidates.size() != 1) {
      throw fail(artifact.version(), "needs exactly one " + TabularNetDescription.FILE_NAME
          + " (written by DjlTabularTrainer) but its artifact has "
          + artifact.files().stream().map(ArtifactRef::path).toList(), null);
    }
    return artifact.file(candidates.get(0));
  }

  /** The signature must describe the same raw features and classes the network was trained on. */
  private static void checkSignature(ModelVersion v, TabularNetDescription d, ModelSignature s) {
    List<String> names = d.features().stream().map(FeatureEncoding::name).toList();
    if (!s.inputNames().equals(names)) {
      throw mismatch(v, "inputs " + s.inputNames() + ", but the network was trained on "
          + names + " in that order");
    }
    for (int i = 0; i < names.size(); i++) {
      FeatureEncoding f = d.features().get(i);
      FieldSpec input = s.inputs().get(i);
      if (input.type() != f.type()) {
        throw mismatch(v, "input '" + f.name() + "' of type " + input.type()
            + ", but the network was trained on " + f.type());
      }
      if (!f.categories().isEmpty() && !input.categories().equals(f.categories())) {
        throw mismatch(v, "categories " + input.categories() + " for input '" + f.name()
            + "', but the network was trained on " + f.categories());
      }
    }
    @Nullable FieldSpec output = s.outputs().isEmpty() ? null : s.outputs().get(0);
    List<String> classes = output == null ? List.of() : output.categories();
    if (!classes.equals(d.target().classes())) {
      throw mismatch(v, "output classes " + classes + ", but the network was trained on "
          + d.target().classes());
    }
  }

  private static PredictionException mismatch(ModelVersion v, String problem) {
    return fail(v, "does not match its signature: the signature declares " + problem, null);
  }

  private static PredictionException fail(ModelVersion v, String problem,
      @Nullable Throwable cause) {
    return new PredictionException("Model '" + v.name() + "' version " + v.version() + " "
        + problem, cause);
  }
}
