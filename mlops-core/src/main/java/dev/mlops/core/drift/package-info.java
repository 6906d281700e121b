/**
 * Drift analysis between a reference dataset and a current one: {@link
 * dev.mlops.core.drift.DriftAnalyzer} chooses a test per feature the way Evidently does by default
 * and produces a {@link dev.mlops.drift.DriftReport}; {@link dev.mlops.core.drift.DatasetProfile}
 * summarises a dataset in bounded memory with mergeable sketches so that monitoring windows can be
 * compared without keeping raw rows; {@link dev.mlops.core.drift.DriftReportJson} and {@link
 * dev.mlops.core.drift.DriftReportHtml} write reports as JSON and as a self-contained HTML page.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.core.drift;

import org.jspecify.annotations.NullMarked;
