package dev.airlock.credentials;

import dev.airlock.common.Environment;
import dev.airlock.error.UsageException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;
import org.sonatype.plexus.components.sec.dispatcher.SecDispatcherException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * One {@code <server>} of Maven's settings.xml, read as Maven 3 reads it: the JDK's XML parser with
 * DTDs and external entities off, values trimmed, {@code ${env.NAME}} (and {@code ${user.home}})
 * interpolated from the injected environment, then {@code password} and {@code passphrase}
 * decrypted by plexus-sec-dispatcher with the master password of settings-security.xml, as Maven's
 * settings decrypter does. The ids of {@code <mirror>}s and {@code <repository>}s name the
 * {@code <server>} holding their credentials; their URLs are returned so the caller can check the
 * credential is used for the same origin. Messages name files and ids, never a value.
 */
final class MavenSettingsFile {
  /** A server's credentials, and the URLs of the mirrors and repositories that share its id. */
  record Server(String id, Optional<String> username, Optional<Secret> password, Optional<Path> privateKey,
      Optional<Secret> passphrase, List<String> urls) {}

  private static final Pattern ENV_EXPR = Pattern.compile("\\$\\{(env\\.[^}]+|user\\.home)\\}");

  private MavenSettingsFile() {}

  static Server read(Path settings, Path settingsSecurity, String serverId, Environment env) {
    String what = "maven settings file";
    Document doc = parse(CredentialFile.read(settings, what), settings);
    Element root = doc.getDocumentElement();
    List<String> urls = new ArrayList<>();
    for (Element mirror : children(child(root, "mirrors"), "mirror")) {
      if (serverId.equals(text(mirror, "id", env).orElse(null))) {
        text(mirror, "url", env).ifPresent(urls::add);
      }
    }
    for (Element profile : children(child(root, "profiles"), "profile")) {
      for (String list : List.of("repositories", "pluginRepositories")) {
        for (Element repo : children(child(profile, list), list.equals("repositories") ? "repository" : "pluginRepository")) {
          if (serverId.equals(text(repo, "id", env).orElse(null))) {
            text(repo, "url", env).ifPresent(urls::add);
          }
        }
      }
    }
    Element server = null;
    for (Element s : children(child(root, "servers"), "server")) {
      if (serverId.equals(text(s, "id", env).orElse(null))) {
        server = s;
        break;
      }
    }
    if (server == null) {
      throw new UsageException(settings + ": no <server> with id '" + serverId + "'"
          + (urls.isEmpty() ? "" : " (a <mirror> or <repository> has that id; its credentials go in a <server> with the same id)"));
    }
    String where = settings + " <server> '" + serverId + "'";
    Optional<String> username = text(server, "username", env).map(u -> interpolated(u, where + " <username>"));
    Optional<Secret> password = text(server, "password", env)
        .map(p -> decrypt(interpolated(p, where + " <password>"), settingsSecurity, where + " <password>"));
    Optional<Path> key = text(server, "privateKey", env)
        .map(k -> env.resolvePath(settings.getParent(), interpolated(k, where + " <privateKey>")));
    Optional<Secret> passphrase = text(server, "passphrase", env)
        .map(p -> decrypt(interpolated(p, where + " <passphrase>"), settingsSecurity, where + " <passphrase>"));
    return new Server(serverId, username, password, key, passphrase, List.copyOf(urls));
  }

  /** Maven's {@code DefaultSettingsDecrypter}: a {@code {…}} value is decrypted, others kept. */
  private static Secret decrypt(String value, Path settingsSecurity, String where) {
    DefaultPlexusCipher cipher = new DefaultPlexusCipher();
    if (!cipher.isEncryptedString(value)) {
      return Secret.of(value);
    }
    if (!settingsSecurity.toFile().isFile()) {
      throw new UsageException(where + " is encrypted, but there is no " + settingsSecurity
          + " with the master password (mavenSettings: { settingsSecurity: PATH } names another)");
    }
    DefaultSecDispatcher dispatcher = new DefaultSecDispatcher(cipher, Map.of(), settingsSecurity.toString());
    try {
      return Secret.of(dispatcher.decrypt(value));
    } catch (SecDispatcherException | RuntimeException e) {
      // The library's message is not repeated: it may quote the encrypted text.
      throw new UsageException(where + ": cannot decrypt it with the master password of " + settingsSecurity
          + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** A value that still holds {@code ${env.NAME}} names a variable this environment lacks. */
  private static String interpolated(String value, String where) {
    Matcher m = ENV_EXPR.matcher(value);
    if (m.find()) {
      throw new UsageException(where + " uses ${" + m.group(1) + "}, which is not set in the environment");
    }
    return value;
  }

  private static String interpolate(String value, Environment env) {
    Matcher m = ENV_EXPR.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      Optional<String> v = name.equals("user.home") ? Optional.of(env.home().toString())
          : Optional.ofNullable(env.variables().get(name.substring("env.".length())));
      m.appendReplacement(out, Matcher.quoteReplacement(v.orElse(m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Document parse(String text, Path file) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(new ErrorHandler() { // the default one prints to stderr
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
          throw e;
        }
      });
      return b.parse(new InputSource(new StringReader(text)));
    } catch (SAXParseException e) {
      // The parser's message can quote the text around the error: only the position is given.
      throw new UsageException(file + ":" + e.getLineNumber() + ":" + e.getColumnNumber()
          + ": not well-formed XML (or it has a DOCTYPE, which is refused)");
    } catch (SAXException | IOException | ParserConfigurationException e) {
      throw new UsageException(file + ": cannot parse it as XML (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static Element child(Element parent, String name) {
    if (parent == null) {
      return null;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(localName(e))) {
        return e;
      }
    }
    return null;
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    if (parent != null) {
      for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && name.equals(localName(e))) {
          out.add(e);
        }
      }
    }
    return out;
  }

  private static String localName(Element e) {
    return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
  }

  /** A child's trimmed, interpolated text; empty when absent or blank. */
  private static Optional<String> text(Element parent, String name, Environment env) {
    Element e = child(parent, name);
    if (e == null) {
      return Optional.empty();
    }
    String t = e.getTextContent().strip();
    return t.isEmpty() ? Optional.empty() : Optional.of(interpolate(t, env));
  }
}
