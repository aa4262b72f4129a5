package dev.airlock.dockerfile;

import dev.airlock.error.UsageException;

/**
 * The vendor layout (docs/contract.md, "Files airlock writes"), from the image's side: where each kind's files are under the vendor
 * dir, and whether sources of a kind share one folder (packages) or own one each (trees).
 */
public final class VendorLayout {
  private VendorLayout() {}

  /** The vendor-relative folder holding a source's files. */
  public static String root(String kind, String name) {
    return switch (kind) {
      case "http" -> "files/" + name;
      case "git" -> "git/" + name;
      case "pypi", "maven", "npm" -> kind;
      default -> throw unknown(kind);
    };
  }

  /** True for kinds whose sources share one folder: pypi, maven, npm. */
  public static boolean shared(String kind) {
    return switch (kind) {
      case "http", "git" -> false;
      case "pypi", "maven", "npm" -> true;
      default -> throw unknown(kind);
    };
  }

  /** The default image folder below {@code docker.prefix}: the vendor-relative root. */
  public static String imageSubdir(String kind, String name) {
    return root(kind, name);
  }

  private static UsageException unknown(String kind) {
    return new UsageException("fetch.lock names source kind '" + kind
        + "', which this version of `airlock dockerfile` cannot copy");
  }
}
