/**
 * Building blocks shared by the registry implementations (file, in-memory, JDBC): reading and
 * validating artifact sources, copying with checksums, verifying stored files, and delivering
 * events. Internal: may change in any release.
 */
@NullMarked
package dev.mlops.core.registry.internal;

import org.jspecify.annotations.NullMarked;
