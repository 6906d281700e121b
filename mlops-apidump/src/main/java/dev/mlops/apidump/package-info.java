/**
 * The build's API check: {@link dev.mlops.apidump.ApiDump} writes each published module's API as a
 * sorted text file and compares the compiled classes with the committed one.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.apidump;

import org.jspecify.annotations.NullMarked;
