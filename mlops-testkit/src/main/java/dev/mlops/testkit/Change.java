package dev.mlops.testkit;

import dev.mlops.registry.AuditAction;
import dev.mlops.registry.RegistryEvent;
import org.jspecify.annotations.Nullable;

/**
 * One mutation of an in-memory store as it is recorded: the audit line's content (without
 * sequence, time and actor, which the store adds) and the event announcing it.
 */
record Change(
    AuditAction action,
    String modelName,
    @Nullable Integer version,
    @Nullable String key,
    @Nullable String before,
    @Nullable String after,
    @Nullable String reason,
    RegistryEvent event) {}
