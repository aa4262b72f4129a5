package dev.airlock.manifest;

import java.io.StringReader;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns manifest text into one snakeyaml node tree (compose only: nothing is constructed, so no
 * tag can instantiate anything). Syntax errors, an empty stream and a second document are
 * reported with their position.
 */
final class YamlLoader {
  /** 1 MiB: far beyond any real manifest. */
  static final int MAX_CODE_POINTS = 1 << 20;

  private YamlLoader() {}

  static LoaderOptions options() {
    LoaderOptions o = new LoaderOptions();
    o.setAllowDuplicateKeys(false); // enforced again, with both lines, by YamlMap
    o.setMaxAliasesForCollections(5); // aliases are refused anyway by GuardedParser
    o.setAllowRecursiveKeys(false);
    o.setMergeOnCompose(false);
    o.setNestingDepthLimit(20);
    o.setCodePointLimit(MAX_CODE_POINTS);
    o.setTagInspector(tag -> false);
    return o;
  }

  /** The document's root node, or empty after reporting why there is none. */
  static Optional<Node> load(String yaml, ParseContext ctx) {
    Problems problems = ctx.problems();
    if (yaml.codePointCount(0, yaml.length()) > MAX_CODE_POINTS) {
      problems.add(null, "", "the manifest is larger than 1 MiB");
      return Optional.empty();
    }
    LoaderOptions options = options();
    ParserImpl raw = new ParserImpl(new StreamReader(new StringReader(yaml)), options);
    GuardedParser parser = new GuardedParser(raw, problems, ctx.placeholders());
    Composer composer = new Composer(parser, new Resolver(), options);
    try {
      if (!composer.checkNode()) {
        problems.add(null, "", "the manifest is empty");
        return Optional.empty();
      }
      Node root = composer.getNode();
      if (composer.checkNode()) {
        problems.add(parser.peekEvent().getStartMark(), "",
            "only one YAML document is allowed; a second one starts here");
      }
      if (root == null || (root instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
        problems.add(root == null ? null : root.getStartMark(), "", "the manifest is empty");
        return Optional.empty();
      }
      return Optional.of(root);
    } catch (MarkedYAMLException e) {
      // getProblem() names tokens and characters, never a whole value; the snippet is not used.
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
      problems.add(mark, "", "YAML syntax error: " + e.getProblem() + context);
    } catch (YAMLException e) {
      problems.add(null, "", "cannot read the YAML: " + e.getMessage());
    }
    return Optional.empty();
  }
}
