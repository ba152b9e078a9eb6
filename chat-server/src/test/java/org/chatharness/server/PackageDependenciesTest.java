package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The layout of the server's sources, read as text: the packages follow the path of a message and
 * none imports another back, no class reaches into Jetty's internals, and the parts keep to their
 * own concern (docs/ARCHITECTURE.md).
 */
@Timeout(30)
class PackageDependenciesTest {
  private static final Path SOURCES = Path.of("src/main/java");
  private static final String ROOT = "org.chatharness.server";
  private static final Pattern REFERENCE =
      Pattern.compile("\\borg\\.chatharness\\.server((?:\\.[a-z]\\w*)*)\\.([A-Z]\\w*)");
  private static final Pattern JETTY_INTERNAL =
      Pattern.compile("\\borg\\.eclipse\\.jetty(?:\\.\\w+)*\\.internal\\b");

  /** Each source file's package, with its text without comments. */
  private record Source(String file, String pkg, String code) {}

  @Test
  void noPackageDependsOnAnotherThatDependsOnItBack() {
    Map<String, Set<String>> graph = packageGraph(sources());
    assertThat(graph).as("the packages were read").containsKeys(ROOT + ".room", ROOT + ".broker");
    assertThat(cycles(graph)).as("packages in an import cycle").isEmpty();
  }

  @Test
  void nothingImportsJettysInternals() {
    assertThat(sources())
        .filteredOn(source -> JETTY_INTERNAL.matcher(source.code()).find())
        .extracting(Source::file)
        .as("files using org.eclipse.jetty.*.internal")
        .isEmpty();
  }

  @Test
  void roomsBuildEventsAndNeverEncodeThem() {
    assertThat(sources())
        .filteredOn(source -> source.pkg().equals(ROOT + ".room"))
        .filteredOn(source -> source.code().matches("(?s).*\\b(V1Codec|PlainCodec)\\b.*"))
        .extracting(Source::file)
        .as("room classes naming a codec")
        .isEmpty();
  }

  @Test
  void connectionsReachRoomsAndBrokersOnlyThroughTheNode() {
    assertThat(sources())
        .filteredOn(source -> source.pkg().equals(ROOT + ".connection"))
        .filteredOn(
            source ->
                source
                    .code()
                    .matches(
                        "(?s).*\\b(RoomRegistry|RoomFeed|Broker|LocalBroker|RedisBroker)\\b.*"))
        .extracting(Source::file)
        .as("connection classes using the registry or a broker directly")
        .isEmpty();
  }

  private static List<Source> sources() {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      List<Source> sources = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String pkg = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
        sources.add(new Source(file.toString(), pkg, withoutComments(Files.readString(file))));
      }
      return sources;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String withoutComments(String code) {
    return code.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
  }

  /** Each package and the packages of this server it names. */
  private static Map<String, Set<String>> packageGraph(List<Source> sources) {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (Source source : sources) {
      Set<String> uses = graph.computeIfAbsent(source.pkg(), p -> new TreeSet<>());
      Matcher reference = REFERENCE.matcher(source.code());
      while (reference.find()) {
        String target = ROOT + reference.group(1);
        if (!target.equals(source.pkg())) {
          uses.add(target);
        }
      }
    }
    return graph;
  }

  /** The packages that can reach themselves again through the graph. */
  private static Set<String> cycles(Map<String, Set<String>> graph) {
    Set<String> inCycles = new TreeSet<>();
    for (String start : graph.keySet()) {
      if (reachable(graph, start).contains(start)) {
        inCycles.add(start);
      }
    }
    return inCycles;
  }

  private static Set<String> reachable(Map<String, Set<String>> graph, String start) {
    Set<String> seen = new TreeSet<>();
    List<String> next = new ArrayList<>(graph.getOrDefault(start, Set.of()));
    while (!next.isEmpty()) {
      String pkg = next.remove(next.size() - 1);
      if (seen.add(pkg)) {
        next.addAll(graph.getOrDefault(pkg, Set.of()));
      }
    }
    return seen;
  }
}
