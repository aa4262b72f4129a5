package dev.airlock.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerfileLexerTest {
  @Test
  void continuationsCommentsAndBlankLinesInsideAnInstruction() {
    DockerfileLexer.Lexed l = DockerfileLexer.lex("FROM a\nRUN echo a \\\n# note\n\n  && echo b\nENV X=1\n");
    assertEquals(List.of("FROM", "RUN", "ENV"), l.instructions().stream().map(DockerfileLexer.Instruction::keyword).toList());
    assertEquals("echo a   && echo b", l.instructions().get(1).args());
    assertEquals(6, l.instructions().get(2).line());
    assertEquals(2, l.comments().get(0).insideOf());
  }

  @Test
  void theEscapeDirectiveAndABom() {
    DockerfileLexer.Lexed l = DockerfileLexer.lex("\uFEFF# escape=`\nFROM a\nRUN dir C:\\ `\n  /b\n");
    assertEquals('`', l.escape());
    assertEquals(1, l.directiveLines());
    assertEquals("dir C:\\   /b", l.instructions().get(1).args());
    DockerfileLexer.SyntaxError e = assertThrows(DockerfileLexer.SyntaxError.class,
        () -> DockerfileLexer.lex("# escape=x\nFROM a\n"));
    assertEquals(1, e.line());
    assertEquals(2, DockerfileLexer.parse("# escape=x\nFROM a\nRUN b\n").size());
  }

  @Test
  void heredocsAreKeptWithTheirInstruction() {
    List<DockerfileLexer.Instruction> ins = DockerfileLexer.parse(
        "FROM a\nRUN <<-EOF bash\n\techo $TOKEN\n\tEOF\nCOPY <<'A' <<B /x/\nfirst\nA\nsecond\nB\nARG Z\n");
    assertEquals(List.of("FROM", "RUN", "COPY", "ARG"), ins.stream().map(DockerfileLexer.Instruction::keyword).toList());
    assertEquals("echo $TOKEN\n", ins.get(1).heredocs().get(0).body());
    assertEquals(3, ins.get(1).heredocs().get(0).line());
    assertEquals(List.of("first\n", "second\n"), ins.get(2).heredocs().stream().map(DockerfileLexer.Heredoc::body).toList());
    assertEquals(10, ins.get(3).line());
  }

  @Test
  void wordsJsonFormAndKeyValues() {
    assertEquals(List.of("a b", "c"), Words.arguments("[\"a b\", \"c\"]", '\\'));
    assertEquals(List.of("a b", "c'd"), Words.arguments("\"a b\" c\\'d", '\\'));
    assertEquals(Map.of("A", "1", "B", "x y"), Words.keyValues("A=1 B=\"x y\"", '\\', true));
    assertEquals(Map.of("api_key", "value with spaces"), Words.keyValues("api_key value with spaces", '\\', true));
    Map<String, String> arg = Words.keyValues("TOKEN VERSION=1", '\\', false);
    assertEquals(null, arg.get("TOKEN"));
    assertEquals("1", arg.get("VERSION"));
  }
}
