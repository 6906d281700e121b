package dev.mlops;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a package or type as experimental: its API is young and may change, or go away, in a minor
 * release, where the rest of the public API changes only compatibly until the next major release.
 *
 * <p>Every published module commits a dump of its API ({@code <module>/api/<module>.api}) that
 * {@code mvn verify} compares with the compiled classes; the dump records this marker, so reviewers
 * see whether a change touches experimental or stable API. A package or type loses the marker once
 * its API has settled; that change is itself recorded in the dump.
 *
 * <p>Retained at run time so that tools (the API dump among them) can see it by reflection.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PACKAGE, ElementType.TYPE})
public @interface Experimental {}
