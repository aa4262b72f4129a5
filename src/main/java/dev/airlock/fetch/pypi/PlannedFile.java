package dev.airlock.fetch.pypi;

import okhttp3.HttpUrl;

/**
 * One distribution file to vendor: its file name in {@code pypi/}, where it comes from, the sha256
 * it must have, who pinned that hash (for messages: the index, {@code requirements.txt:12},
 * {@code pylock.toml}, {@code fetch.lock}) and the package it belongs to ({@code pkg:pypi/NAME@VERSION},
 * empty for a single pin).
 */
record PlannedFile(String fileName, HttpUrl url, String sha256, String pinnedBy, String purl) {}
