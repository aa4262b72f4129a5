package dev.airlock.scan.core;

/**
 * What happened to one input or one notable part of it. {@code files} and {@code bytes} count what
 * was scanned (bytes after decompression).
 */
public record Coverage(String input, Status status, String reason, long files, long bytes) {
  public enum Status { SCANNED, SKIPPED, UNREADABLE, PARTIAL }

  public static Coverage scanned(String input, long files, long bytes, String reason) {
    return new Coverage(input, Status.SCANNED, reason, files, bytes);
  }
}
