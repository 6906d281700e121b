/**
 * The PostgreSQL registry's machinery: the connection pool and its availability gate, schema
 * migrations, chunked artifact storage in the database or in an external store, metadata encoding,
 * reading rows into API values, the audit log and the change feed that turns committed audit
 * entries into events (LISTEN/NOTIFY with polling as the fallback). Internal: may change in any
 * release.
 */
@NullMarked
package dev.mlops.jdbc.internal;

import org.jspecify.annotations.NullMarked;
