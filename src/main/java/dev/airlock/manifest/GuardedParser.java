package dev.airlock.manifest;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ImplicitTuple;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;

/**
 * Sits between snakeyaml's parser and composer and refuses what a manifest must not use: anchors,
 * aliases and any tag outside plain YAML. Each is reported with its position and manifest path,
 * then neutralised (anchor or tag dropped, alias replaced by an empty placeholder scalar) so the
 * composer can still build a tree and every other error can be collected in the same run.
 */
final class GuardedParser implements Parser {
  private static final Set<Tag> PLAIN_TAGS =
      Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.SEQ, Tag.MAP);

  /** Where the parser is: a map waiting for a key or a value, or a list and its last index. */
  private static final class Frame {
    final String path;
    final boolean map;
    boolean keyNext = true;
    String key = "?";
    int index = -1;

    Frame(String path, boolean map) {
      this.path = path;
      this.map = map;
    }
  }

  private final Parser delegate;
  private final Problems problems;
  private final Set<Mark> placeholders;
  private final Deque<Frame> frames = new ArrayDeque<>();
  private Event next;

  GuardedParser(Parser delegate, Problems problems, Set<Mark> placeholders) {
    this.delegate = delegate;
    this.problems = problems;
    this.placeholders = placeholders;
  }

  @Override
  public boolean checkEvent(Event.ID choice) {
    Event e = peekEvent();
    return e != null && e.is(choice);
  }

  @Override
  public Event peekEvent() {
    if (next == null) {
      Event raw = delegate.getEvent();
      next = raw == null ? null : screen(raw);
    }
    return next;
  }

  @Override
  public Event getEvent() {
    Event e = peekEvent();
    next = null;
    return e;
  }

  private Event screen(Event e) {
    if (e.is(Event.ID.DocumentStart)) {
      frames.clear();
    }
    if (e.is(Event.ID.MappingEnd) || e.is(Event.ID.SequenceEnd)) {
      frames.pop();
      return e;
    }
    if (!(e instanceof NodeEvent node)) {
      return e;
    }
    String path = advance(e);
    if (e instanceof AliasEvent) {
      problems.add(e.getStartMark(), path, "anchors and aliases are not allowed");
      placeholders.add(e.getStartMark());
      return new ScalarEvent(null, null, new ImplicitTuple(true, false), "",
          e.getStartMark(), e.getEndMark(), DumperOptions.ScalarStyle.PLAIN);
    }
    if (node.getAnchor() != null) {
      problems.add(e.getStartMark(), path, "anchors and aliases are not allowed");
    }
    Event clean = dropAnchorAndForeignTag(e, path);
    if (clean instanceof CollectionStartEvent) {
      frames.push(new Frame(path, clean.is(Event.ID.MappingStart)));
    }
    return clean;
  }

  /** The path of the node this event starts, moving the enclosing map or list one step on. */
  private String advance(Event e) {
    Frame top = frames.peek();
    if (top == null) {
      return "";
    }
    if (!top.map) {
      top.index++;
      return top.path + "[" + top.index + "]";
    }
    if (top.keyNext) {
      top.keyNext = false;
      top.key = e instanceof ScalarEvent s ? s.getValue() : "?";
      return top.path;
    }
    top.keyNext = true;
    return YamlValues.child(top.path, top.key);
  }

  private Event dropAnchorAndForeignTag(Event e, String path) {
    String tag = e instanceof ScalarEvent s ? s.getTag() : ((CollectionStartEvent) e).getTag();
    boolean foreign = tag != null && !PLAIN_TAGS.contains(new Tag(tag));
    if (foreign) {
      problems.add(e.getStartMark(), path,
          "YAML tag " + Problems.quote(tag.replace(Tag.PREFIX, "!!")) + " is not allowed; write plain values without tags");
    }
    String keptTag = foreign ? null : tag;
    if (e instanceof ScalarEvent s) {
      ImplicitTuple implicit = foreign ? new ImplicitTuple(s.isPlain(), !s.isPlain()) : s.getImplicit();
      return new ScalarEvent(null, keptTag, implicit, s.getValue(),
          s.getStartMark(), s.getEndMark(), s.getScalarStyle());
    }
    CollectionStartEvent c = (CollectionStartEvent) e;
    boolean implicit = keptTag == null || c.getImplicit();
    return c instanceof MappingStartEvent
        ? new MappingStartEvent(null, keptTag, implicit, c.getStartMark(), c.getEndMark(), c.getFlowStyle())
        : new SequenceStartEvent(null, keptTag, implicit, c.getStartMark(), c.getEndMark(), c.getFlowStyle());
  }
}
