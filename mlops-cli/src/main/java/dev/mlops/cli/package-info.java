/**
 * The {@code mlops} command line: registry operations, drift reports and streaming drift detection
 * from a shell or a CI job. Every command parses its arguments, reads and writes files, and calls
 * the public library API; none implements registry or statistics logic of its own. The commands,
 * flags, JSON fields and exit codes are a stable contract, documented in {@code docs/cli.md}.
 */
@NullMarked
package dev.mlops.cli;

import org.jspecify.annotations.NullMarked;
