package dev.airlock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code schema/fetch.schema.json} (draft 2020-12) applied to manifest YAML text. */
public final class ManifestSchema {
  public static final Path FILE = Path.of("schema/fetch.schema.json");
  private static Schema schema;

  private ManifestSchema() {}

  public static synchronized JsonNode json() {
    try {
      return new ObjectMapper().readTree(Files.readString(FILE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static synchronized Schema schema() {
    if (schema == null) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(json());
    }
    return schema;
  }

  /** Schema violations of the YAML text, as "instance path: message" lines; empty when valid. */
  public static List<String> errors(String yaml) {
    try {
      JsonNode doc = new YAMLMapper().readTree(yaml);
      return schema().validate(doc).stream().map(Error::toString).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
