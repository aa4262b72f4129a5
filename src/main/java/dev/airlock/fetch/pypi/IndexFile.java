package dev.airlock.fetch.pypi;

import java.util.Optional;
import okhttp3.HttpUrl;

/** One file link of a project page: its file name, absolute URL (no fragment), sha256 and yank state. */
record IndexFile(String fileName, HttpUrl url, Optional<String> sha256, boolean yanked) {}
