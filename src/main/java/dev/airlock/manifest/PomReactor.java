package dev.airlock.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The POM files of a reactor: the root POM and, recursively, every {@code <module>} it lists
 * (also inside profiles: a module a profile adds is still part of what can be built). Read with
 * the JDK's parser with DTDs and external entities off.
 */
public final class PomReactor {
  private PomReactor() {}

  /** Thrown with a message naming the file that could not be read. */
  public static final class Unreadable extends Exception {
    Unreadable(String message) {
      super(message);
    }
  }

  /** Every POM of the reactor rooted at {@code root}, root first, each once. */
  public static List<Path> poms(Path root) throws Unreadable {
    Set<Path> seen = new LinkedHashSet<>();
    collect(root.toAbsolutePath().normalize(), seen);
    return new ArrayList<>(seen);
  }

  /** sha256 over every POM's path (relative to the root's folder) and bytes, in reactor order. */
  public static String digest(Path root) throws Unreadable {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      Path base = root.toAbsolutePath().normalize().getParent();
      for (Path p : poms(root)) {
        md.update((base.relativize(p).toString().replace('\\', '/') + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        md.update(Files.readAllBytes(p));
        md.update((byte) 0);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new Unreadable("cannot read " + root + ": " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void collect(Path pom, Set<Path> seen) throws Unreadable {
    if (!seen.add(pom)) {
      return;
    }
    Element project = parse(pom);
    for (String module : modules(project)) {
      Path m = pom.getParent().resolve(module).normalize();
      if (Files.isDirectory(m)) {
        m = m.resolve("pom.xml");
      }
      if (!Files.isRegularFile(m)) {
        throw new Unreadable(pom + " lists module '" + module + "', but " + m + " does not exist");
      }
      collect(m, seen);
    }
  }

  private static List<String> modules(Element project) {
    List<String> out = new ArrayList<>();
    addModules(child(project, "modules"), out);
    Element profiles = child(project, "profiles");
    if (profiles != null) {
      for (Node n = profiles.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element profile && profile.getTagName().equals("profile")) {
          addModules(child(profile, "modules"), out);
        }
      }
    }
    return out;
  }

  private static void addModules(Element modules, List<String> out) {
    if (modules == null) {
      return;
    }
    for (Node n = modules.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals("module") && !e.getTextContent().isBlank()) {
        out.add(e.getTextContent().strip());
      }
    }
  }

  private static Element parse(Path pom) throws Unreadable {
    if (!Files.isRegularFile(pom)) {
      throw new Unreadable(pom + " does not exist (or is not a file)");
    }
    try (InputStream in = Files.newInputStream(pom)) {
      DocumentBuilder b = factory().newDocumentBuilder();
      b.setErrorHandler(null);
      Element root = b.parse(in).getDocumentElement();
      if (!root.getTagName().equals("project")) {
        throw new Unreadable(pom + " is not a POM (its root element is <" + root.getTagName() + ">)");
      }
      return root;
    } catch (IOException e) {
      throw new Unreadable("cannot read " + pom + ": " + e.getMessage());
    } catch (SAXException e) {
      throw new Unreadable(pom + " is not valid XML: " + e.getMessage());
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static DocumentBuilderFactory factory() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    return f;
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && (e.getTagName().equals(name) || name.equals(e.getLocalName()))) {
        return e;
      }
    }
    return null;
  }
}
