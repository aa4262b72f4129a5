package dev.airlock.fetch.http;

import dev.airlock.fetch.PackageBackendContract;
import dev.airlock.testing.PackageProject;

/**
 * The backend contract for {@code http}: the pin is the manifest's {@code sha256}, so "the
 * published hash" is the one the manifest holds.
 */
class HttpContractTest extends PackageBackendContract {
  private byte[] pinned;

  @Override
  protected void publish(byte[] content, byte[] hashed) {
    registry.put(fileTarget(), "application/octet-stream", content);
    pinned = hashed;
  }

  @Override
  protected String source() {
    return "  - { name: pkg, credentials: tok, http: { url: '" + registry.url(fileTarget()) + "', sha256: "
        + PackageProject.sha256(pinned) + " } }\n";
  }

  @Override
  protected String fileTarget() {
    return "/files/pkg-1.0.bin";
  }

  @Override
  protected String vendoredPath() {
    return "files/pkg/pkg-1.0.bin";
  }
}
