/**
 * Reading and writing tabular files, shared by the modules that take data from users (training data
 * sources here, batch scoring and drift reports in the command line): CSV through Jackson's CSV
 * module, with the file, line and column in every error, and values quoted in messages at a bounded
 * length. Internal: may change in any release.
 */
@NullMarked
package dev.mlops.core.io.internal;

import org.jspecify.annotations.NullMarked;
