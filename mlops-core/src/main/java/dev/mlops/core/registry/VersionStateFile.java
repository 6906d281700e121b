package dev.mlops.core.registry;

import dev.mlops.registry.ModelVersionStatus;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code models/NAME/versions/N/state.json}: the parts of a version that may change after
 * publication, replaced as a whole under the registry lock. Absent until the first change; until
 * then the version is {@code READY} with the tags it was registered with.
 *
 * @param status ready or archived
 * @param tags the version tags
 * @param updatedAt when this state last changed
 */
record VersionStateFile(ModelVersionStatus status, Map<String, String> tags, Instant updatedAt) {

  VersionStateFile {
    status = status == null ? ModelVersionStatus.READY : status;
    tags = TagMaps.copy(tags);
  }

  static VersionStateFile initial(VersionFile version) {
    return new VersionStateFile(ModelVersionStatus.READY, version.tags(), version.createdAt());
  }

  VersionStateFile withTag(String key, @Nullable String value, Instant now) {
    return new VersionStateFile(status, TagMaps.with(tags, key, value), now);
  }

  VersionStateFile archived(Instant now) {
    return new VersionStateFile(ModelVersionStatus.ARCHIVED, tags, now);
  }
}
