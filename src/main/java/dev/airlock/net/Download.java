package dev.airlock.net;

import okhttp3.HttpUrl;

/** A finished download: where it ended up after redirects, its size and sha256 (hex). */
public record Download(HttpUrl finalUrl, long size, String sha256, String contentType) {}
