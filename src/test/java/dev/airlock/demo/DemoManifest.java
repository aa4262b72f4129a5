package dev.airlock.demo;

import java.util.Map;

/** The demo's {@code fetch.yaml}: PRODUCT.md's example, cut down to what the demo registry serves. */
final class DemoManifest {
  private DemoManifest() {}

  static String render(int port, Map<String, byte[]> files) {
    String base = "https://" + DemoRegistry.HOST + ":" + port;
    return """
        # Written by scripts/demo for its loopback registry. No secret is in this file:
        # the password is in ./netrc (passed with --netrc) and the token in ./token.
        version: 1
        vendor: vendor
        tls:
          caCerts: [ca.pem]                      # the registry's CA, made for this run
        credentials:
          corp:      { netrc: {} }               # the netrc entry for the request's host
          artifacts: { token: { file: token } }  # Authorization: Bearer <contents of ./token>
        sources:
          - name: internal-lib
            credentials: corp
            http:
              url: %1$s/basic/%2$s
              sha256: %3$s
          - name: model
            credentials: artifacts
            http:
              url: %1$s/bearer/%4$s
              sha256: %5$s
          - name: design-assets                  # no credentials key: the netrc entry for the host
            dest: /opt/design-assets
            http:
              url: %1$s/basic/%6$s
              extract: true
        docker:
          template: Dockerfile.in                # the line '# airlock:vendor' becomes the COPY lines
        """.formatted(
            base,
            DemoArtifacts.INTERNAL_LIB, DemoArtifacts.sha256(files.get(DemoArtifacts.INTERNAL_LIB)),
            DemoArtifacts.MODEL, DemoArtifacts.sha256(files.get(DemoArtifacts.MODEL)),
            DemoArtifacts.DESIGN_ASSETS);
  }
}
