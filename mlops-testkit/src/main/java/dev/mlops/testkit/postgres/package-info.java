/**
 * Test support for code that needs a real PostgreSQL: {@link
 * dev.mlops.testkit.postgres.PostgresServer} runs a throwaway cluster per test JVM.
 *
 * @since 0.1
 */
@Experimental
@NullMarked
package dev.mlops.testkit.postgres;

import dev.mlops.Experimental;
import org.jspecify.annotations.NullMarked;
