package dev.airlock.fetch;

/** How one source ended: fetched, or already in place (no network). */
public record SourceOutcome(String name, String kind, int files, long bytes, boolean upToDate) {}
