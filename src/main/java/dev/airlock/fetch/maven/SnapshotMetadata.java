package dev.airlock.fetch.maven;

import dev.airlock.error.FetchException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A SNAPSHOT version's {@code maven-metadata.xml}: which timestamped build ({@code 1.0-20240101.120000-3})
 * a {@code 1.0-SNAPSHOT} file currently is. Parsed with the JDK's parser with DTDs, external
 * entities and XInclude off, so a hostile repository cannot make it read files or the network.
 */
final class SnapshotMetadata {
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.-]+");
  private final Element versioning;

  private SnapshotMetadata(Element versioning) {
    this.versioning = versioning;
  }

  static SnapshotMetadata parse(String what, byte[] xml) {
    try {
      DocumentBuilder b = factory().newDocumentBuilder();
      b.setErrorHandler(null);
      Document doc = b.parse(new ByteArrayInputStream(xml));
      Element versioning = child(doc.getDocumentElement(), "versioning");
      if (!"metadata".equals(doc.getDocumentElement().getTagName()) || versioning == null) {
        throw new FetchException(what + ": maven-metadata.xml has no <versioning> (a login page?)");
      }
      return new SnapshotMetadata(versioning);
    } catch (SAXException | IOException e) {
      throw new FetchException(what + ": maven-metadata.xml is not valid XML (a login page?)");
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }

  static DocumentBuilderFactory factory() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    f.setNamespaceAware(false);
    return f;
  }

  /**
   * The timestamped version of the file with this classifier (empty for none) and extension:
   * from {@code <snapshotVersions>} (Maven 3), else {@code <snapshot>}'s timestamp and build number.
   */
  Optional<String> timestampedVersion(String baseVersion, String classifier, String extension) {
    Element list = child(versioning, "snapshotVersions");
    if (list != null) {
      for (Element sv : children(list, "snapshotVersion")) {
        if (text(sv, "classifier").equals(classifier) && text(sv, "extension").equals(extension)) {
          return valid(baseVersion, text(sv, "value"));
        }
      }
    }
    Element snapshot = child(versioning, "snapshot");
    if (snapshot != null && !text(snapshot, "timestamp").isEmpty() && !text(snapshot, "buildNumber").isEmpty()) {
      String stem = baseVersion.substring(0, baseVersion.length() - "SNAPSHOT".length());
      return valid(baseVersion, stem + text(snapshot, "timestamp") + "-" + text(snapshot, "buildNumber"));
    }
    return Optional.empty();
  }

  private static Optional<String> valid(String baseVersion, String value) {
    String stem = baseVersion.substring(0, baseVersion.length() - "SNAPSHOT".length());
    return VALUE.matcher(value).matches() && value.startsWith(stem) && !value.contains("..")
        ? Optional.of(value) : Optional.empty();
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static Iterable<Element> children(Element parent, String name) {
    java.util.List<Element> out = new java.util.ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
        out.add(e);
      }
    }
    return out;
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? "" : e.getTextContent().strip();
  }
}
