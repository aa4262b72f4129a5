package dev.airlock.fetch.pypi;

import static dev.airlock.testing.PackageProject.sha256;

import dev.airlock.fetch.PackageBackendContract;

class PypiContractTest extends PackageBackendContract {
  static final String WHEEL = "pkg-1.0-py3-none-any.whl";

  @Override
  protected void publish(byte[] content, byte[] hashed) {
    registry.put("/simple/pkg/", "application/vnd.pypi.simple.v1+json", "{\"meta\":{\"api-version\":\"1.0\"},"
        + "\"name\":\"pkg\",\"files\":[{\"filename\":\"" + WHEEL + "\",\"url\":\"../../files/" + WHEEL
        + "\",\"hashes\":{\"sha256\":\"" + sha256(hashed) + "\"}}]}");
    registry.put(fileTarget(), "application/octet-stream", content);
  }

  @Override
  protected String source() {
    return "  - { name: pkg, credentials: tok, pypi: { index: '" + registry.url("/simple") + "', requirement: pkg==1.0 } }\n";
  }

  @Override
  protected String fileTarget() {
    return "/files/" + WHEEL;
  }

  @Override
  protected String vendoredPath() {
    return "pypi/" + WHEEL;
  }
}
