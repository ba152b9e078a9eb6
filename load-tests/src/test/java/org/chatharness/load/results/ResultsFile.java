package org.chatharness.load.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes {@code results.json}: a {@link RunResult} as JSON, with every unknown figure
 * (NaN) as {@code null}, so that any JSON tool reads it.
 */
public final class ResultsFile {
  /** The file's name in a run's folder. */
  public static final String NAME = "results.json";

  private static final ObjectMapper JSON = mapper();

  private ResultsFile() {}

  /** Writes {@code result} into {@code dir}/results.json. */
  public static void write(Path dir, RunResult result) {
    try {
      Files.createDirectories(dir);
      JSON.writeValue(dir.resolve(NAME).toFile(), result);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + dir.resolve(NAME), e);
    }
  }

  /** The result in {@code path}: a results.json, or a run's folder holding one. */
  public static RunResult read(Path path) {
    Path file = Files.isDirectory(path) ? path.resolve(NAME) : path;
    try {
      return JSON.readValue(file.toFile(), RunResult.class);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read a run's results from " + file, e);
    }
  }

  private static ObjectMapper mapper() {
    SimpleModule unknownAsNull = new SimpleModule();
    JsonSerializer<Double> nanAsNull =
        new JsonSerializer<>() {
          @Override
          public void serialize(Double value, JsonGenerator json, SerializerProvider provider)
              throws IOException {
            if (value.isNaN() || value.isInfinite()) {
              json.writeNull();
            } else {
              json.writeNumber(value);
            }
          }
        };
    StdDeserializer<Double> nullAsNan =
        new StdDeserializer<>(Double.TYPE) {
          @Override
          public Double deserialize(JsonParser json, DeserializationContext context)
              throws IOException {
            return json.getValueAsDouble(Double.NaN);
          }

          @Override
          public Double getNullValue(DeserializationContext context) {
            return Double.NaN;
          }
        };
    unknownAsNull.addSerializer(Double.TYPE, nanAsNull);
    unknownAsNull.addSerializer(Double.class, nanAsNull);
    unknownAsNull.addDeserializer(Double.TYPE, nullAsNan);
    return new ObjectMapper()
        .registerModule(unknownAsNull)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }
}
