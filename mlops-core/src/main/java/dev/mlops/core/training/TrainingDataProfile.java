package dev.mlops.core.training;

import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.registry.FieldSpec;
import dev.mlops.training.Dataset;

/**
 * The reference profile of training data, against which monitoring measures drift: numeric
 * features (the float and integer types) get numeric sketches; booleans, text and categories get
 * category counts.
 */
final class TrainingDataProfile {

  private TrainingDataProfile() {}

  static DatasetProfile of(Dataset data) {
    DatasetProfile.Builder builder = DatasetProfile.builder();
    for (FieldSpec f : data.features()) {
      if (f.type().isNumeric()) {
        builder.numeric(f.name());
      } else {
        builder.categorical(f.name());
      }
    }
    DatasetProfile profile = builder.build();
    for (int r = 0; r < data.size(); r++) {
      profile.update(data.features(r));
    }
    return profile;
  }
}
