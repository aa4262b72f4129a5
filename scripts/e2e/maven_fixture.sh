# shellcheck shell=bash
# The real Maven project of the closure tests and benchmark (scripts/e2e/test_closure_maven.sh,
# scripts/bench/closure_maven.sh): a couple of dependencies, two BOM imports (Jackson, JUnit),
# JUnit 5 tests and pinned plugins; and the repository a real `mvn package` of it leaves in an empty
# local repository (Maven Central is the only network it needs). Needs PROJ, REPO, SEED,
# EMPTY_SETTINGS and E2E_TMP set by the caller. MAVEN_FIXTURE_GOALS (optional) are run into the same
# local repository after the build (the benchmark adds dependency:go-offline).

make_project() {
  mkdir -p "$PROJ/src/main/java/demo" "$PROJ/src/test/java/demo"
  cat >"$PROJ/pom.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>demo</groupId>
  <artifactId>closure-demo</artifactId>
  <version>1.0.0</version>
  <packaging>jar</packaging>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>com.fasterxml.jackson</groupId><artifactId>jackson-bom</artifactId><version>2.17.2</version>
        <type>pom</type><scope>import</scope>
      </dependency>
      <dependency>
        <groupId>org.junit</groupId><artifactId>junit-bom</artifactId><version>5.10.2</version>
        <type>pom</type><scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId>
    </dependency>
    <dependency>
      <groupId>org.apache.commons</groupId><artifactId>commons-text</artifactId><version>1.12.0</version>
    </dependency>
    <dependency>
      <groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><scope>test</scope>
    </dependency>
  </dependencies>
  <build>
    <pluginManagement>
      <plugins>
        <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
        <plugin><artifactId>maven-jar-plugin</artifactId><version>3.4.1</version></plugin>
        <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.2.5</version></plugin>
      </plugins>
    </pluginManagement>
    <plugins>
      <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
    </plugins>
  </build>
</project>
EOF
  cat >"$PROJ/src/main/java/demo/Greeter.java" <<'EOF'
package demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.apache.commons.text.WordUtils;

public final class Greeter {
  public static String greet(String name) throws Exception {
    return new ObjectMapper().writeValueAsString(Map.of("hello", WordUtils.capitalize(name)));
  }
}
EOF
  cat >"$PROJ/src/test/java/demo/GreeterTest.java" <<'EOF'
package demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GreeterTest {
  @Test
  void greets() throws Exception {
    assertEquals("{\"hello\":\"World\"}", Greeter.greet("world"));
  }
}
EOF
}

# A real build from Maven Central into an empty local repository: what it leaves is the repository
# nginx serves (Maven's own bookkeeping removed; the .sha1 files Central publishes stay).
make_repository() {
  (cd "$PROJ" && HOME="$E2E_TMP/home" mvn -B -q -s "$EMPTY_SETTINGS" -Dstyle.color=never \
    -Dmaven.repo.local="$SEED" package ${MAVEN_FIXTURE_GOALS:-}) >"$E2E_TMP/seed.log" 2>&1 ||
    { e2e_log "seed build failed: $(tail -5 "$E2E_TMP/seed.log")"; return 1; }
  rm -rf "$PROJ/target"
  mkdir -p "$REPO"
  cp -r "$SEED/." "$REPO/"
  find "$REPO" \( -name '_remote.repositories' -o -name '*.lastUpdated' -o -name 'resolver-status.properties' \) -delete
}

