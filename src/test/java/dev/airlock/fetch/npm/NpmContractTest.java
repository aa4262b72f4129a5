package dev.airlock.fetch.npm;

import dev.airlock.fetch.PackageBackendContract;
import java.security.MessageDigest;
import java.util.Base64;

class NpmContractTest extends PackageBackendContract {
  @Override
  protected void publish(byte[] content, byte[] hashed) {
    String integrity;
    try {
      integrity = "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(hashed));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    registry.put("/pkg", "application/json", "{\"name\":\"pkg\",\"versions\":{\"1.0.0\":{\"dist\":{\"tarball\":\""
        + registry.url(fileTarget()) + "\",\"integrity\":\"" + integrity + "\"}}}}");
    registry.put(fileTarget(), "application/octet-stream", content);
  }

  @Override
  protected String source() {
    return "  - { name: pkg, credentials: tok, npm: { registry: '" + registry.url("/") + "', package: pkg@1.0.0 } }\n";
  }

  @Override
  protected String fileTarget() {
    return "/pkg/-/pkg-1.0.0.tgz";
  }

  @Override
  protected String vendoredPath() {
    return "npm/pkg-1.0.0.tgz";
  }
}
