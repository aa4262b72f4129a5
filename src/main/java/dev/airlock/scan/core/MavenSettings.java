package dev.airlock.scan.core;

import dev.airlock.docker.Placeholders;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The {@code <password>} and {@code <passphrase>} values of a Maven {@code settings.xml} (or
 * {@code settings-security.xml}'s {@code <master>}), read as XML: what sits in a comment (the
 * examples in Apache Maven's stock {@code conf/settings.xml} and Debian's
 * {@code /etc/maven/settings.xml}), an encrypted {@code {…}} value or a placeholder
 * ({@code ${env.X}}) is not a credential. The parser reads no DTD and no external entity. A file
 * that is not well-formed XML (a fragment in a heredoc) is read with its comments removed.
 */
final class MavenSettings {
  /** A value worth reporting and the 1-based line it is on. */
  record Value(String element, String value, long line) {}

  private static final XMLInputFactory XML = XMLInputFactory.newFactory();
  private static final Pattern ELEMENT =
      Pattern.compile("<(password|passphrase|master)>\\s*([^<]*?)\\s*</\\1>", Pattern.CASE_INSENSITIVE);
  private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);

  static {
    XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    XML.setProperty(XMLInputFactory.IS_COALESCING, true);
  }

  private MavenSettings() {}

  static List<Value> secrets(byte[] content, String text) {
    try {
      return parsed(content);
    } catch (XMLStreamException | RuntimeException e) {
      return grepped(text);
    }
  }

  private static List<Value> parsed(byte[] content) throws XMLStreamException {
    List<Value> out = new ArrayList<>();
    XMLStreamReader r = XML.createXMLStreamReader(new ByteArrayInputStream(content));
    try {
      String open = null;
      long line = 0;
      StringBuilder text = new StringBuilder();
      while (r.hasNext()) {
        int ev = r.next();
        if (ev == XMLStreamConstants.START_ELEMENT) {
          String name = r.getLocalName();
          open = isSecret(name) ? name : null;
          line = r.getLocation().getLineNumber();
          text.setLength(0);
        } else if ((ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) && open != null) {
          text.append(r.getText());
        } else if (ev == XMLStreamConstants.END_ELEMENT) {
          if (open != null && open.equals(r.getLocalName())) {
            add(out, open, text.toString().strip(), line);
          }
          open = null;
        }
      }
    } finally {
      r.close();
    }
    return out;
  }

  private static List<Value> grepped(String text) {
    // comments are blanked, not cut, so that the lines found stay the file's
    Matcher c = COMMENT.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (c.find()) {
      c.appendReplacement(sb, Matcher.quoteReplacement(c.group().replaceAll("[^\n]", " ")));
    }
    c.appendTail(sb);
    String uncommented = sb.toString();
    List<Value> out = new ArrayList<>();
    Matcher m = ELEMENT.matcher(uncommented);
    while (m.find()) {
      long line = 1 + uncommented.substring(0, m.start(2)).chars().filter(ch -> ch == '\n').count();
      add(out, m.group(1), m.group(2), line);
    }
    return out;
  }

  private static boolean isSecret(String element) {
    return element.equalsIgnoreCase("password") || element.equalsIgnoreCase("passphrase")
        || element.equalsIgnoreCase("master");
  }

  private static void add(List<Value> out, String element, String v, long line) {
    boolean encrypted = v.startsWith("{") && v.endsWith("}");
    if (!encrypted && !Placeholders.isPlaceholder(v)) {
      out.add(new Value(element, v, line));
    }
  }
}
