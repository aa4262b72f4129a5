package dev.airlock.manifest;

import java.nio.file.Path;

/**
 * {@code tls: { clientCert, clientKey }}: a PEM certificate (chain) and its unencrypted PKCS#8 PEM
 * private key, presented only to the hosts of the manifest's sources when they ask for one.
 */
public record ClientCertSpec(Path cert, Path key) {}
