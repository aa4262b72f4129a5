package dev.airlock.demo;

import java.util.Map;

/** The demo's {@code fetch.yaml}: the README's example, cut down to what the demo registry serves. */
final class DemoManifest {
  private DemoManifest() {}

  static String render(int port, Map<String, byte[]> files, String gitUrl) {
    String base = "https://" + DemoRegistry.HOST + ":" + port;
    return """
        # Written by scripts/demo for its loopback registry. No secret is in this file:
        # the password is in ./netrc (passed with --netrc), the token in ./token, the ssh key's
        # passphrase in ./ssh_passphrase.
        version: 1
        vendor: vendor
        tls:
          caCerts: [ca.pem]                      # the registry's CA, made for this run
        credentials:
          corp:      { netrc: {} }               # the netrc entry for the request's host
          artifacts: { token: { file: token } }  # Authorization: Bearer <contents of ./token>
          deploy-key:                            # the git server's host key must be in known_hosts
            ssh: { key: ssh_key, passphraseFile: ssh_passphrase, knownHosts: known_hosts }
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
          - name: corp-utils                     # every file of the pinned version, from a simple index
            credentials: corp
            pypi: { index: "%1$s/basic/simple", requirement: corp-utils==0.3.1 }
          - name: commons                        # the jar and its pom, checked against .sha512
            credentials: corp
            maven: { repository: "%1$s/basic/maven", artifact: "com.corp:commons:2.3.0" }
          - name: ui-kit                         # the tarball named by the packument, checked against its integrity
            credentials: artifacts
            npm: { registry: "%1$s/bearer/npm", package: "@corp/ui-kit@3.2.1" }
          - name: config-repo                    # the tree at the tag, without .git
            credentials: deploy-key
            git: { url: "%7$s", ref: %8$s, paths: [templates] }
        docker:
          template: Dockerfile.in                # the line '# airlock:vendor' becomes the COPY lines
        """.formatted(
            base,
            DemoArtifacts.INTERNAL_LIB, DemoArtifacts.sha256(files.get(DemoArtifacts.INTERNAL_LIB)),
            DemoArtifacts.MODEL, DemoArtifacts.sha256(files.get(DemoArtifacts.MODEL)),
            DemoArtifacts.DESIGN_ASSETS, gitUrl, DemoGitServer.TAG);
  }
}
