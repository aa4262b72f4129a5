package dev.airlock.fetch.npm;

import okhttp3.HttpUrl;

/**
 * One npm tarball to vendor: the package it is ({@code id} = {@code name@version}), where it comes
 * from, what it must hash to, and its vendor-relative path.
 */
record Tarball(String id, HttpUrl url, Integrity integrity, String vendorPath) {}
