package dev.airlock.fetch.maven;

import static dev.airlock.testing.PackageProject.bytes;
import static dev.airlock.testing.PackageProject.hex;

import dev.airlock.fetch.PackageBackendContract;

class MavenContractTest extends PackageBackendContract {
  static final String DIR = "/repo/com/corp/pkg/1.0/";

  @Override
  protected void publish(byte[] content, byte[] hashed) {
    byte[] pom = bytes("<project/>");
    registry.put(fileTarget(), "application/java-archive", content);
    registry.put(fileTarget() + ".sha512", "text/plain", hex("SHA-512", hashed));
    registry.put(DIR + "pkg-1.0.pom", "application/xml", pom);
    registry.put(DIR + "pkg-1.0.pom.sha512", "text/plain", hex("SHA-512", pom));
  }

  @Override
  protected String source() {
    return "  - { name: pkg, credentials: tok, maven: { repository: '" + registry.url("/repo")
        + "', artifact: 'com.corp:pkg:1.0' } }\n";
  }

  @Override
  protected String fileTarget() {
    return DIR + "pkg-1.0.jar";
  }

  @Override
  protected String vendoredPath() {
    return "maven/com/corp/pkg/1.0/pkg-1.0.jar";
  }
}
