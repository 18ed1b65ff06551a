package io.continuum.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.continuum.ContinuumException;
import io.continuum.InvalidQuery;
import io.continuum.RunConflict;
import io.continuum.RunNotFound;
import io.continuum.RunQuery;
import io.continuum.RunState;
import io.continuum.RunTerminal;
import io.continuum.StartOptions;
import io.continuum.UnknownWorkflowType;
import io.continuum.http.fixture.ApiResponse;
import io.continuum.http.fixture.ApiServer;
import io.continuum.http.impl.ApiRouter;
import io.continuum.journal.memory.InMemoryJournal;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Keeps {@code openapi.json} true to the code: the routes it lists are the routes the router has,
 * its references resolve, its problem kinds are the ones the code answers with, its patterns and
 * limits are the code's, and the server serves it byte for byte.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractTest {
  private static final String RESOURCE = "/io/continuum/http/openapi.json";
  private static final String PROBLEM_URN = "urn:continuum:problem:";
  private static final Set<String> HTTP_METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  /** Where the code passes a literal kind to a problem: {@code new Problem(400, "kind", …}. */
  private static final List<Pattern> KIND_LITERALS =
      List.of(
          Pattern.compile("new\\s+Problem\\(\\s*[^,()]+,\\s*\"([^\"]+)\"\\s*,"),
          Pattern.compile("\\b(?:badRequest|notFound)\\(\\s*\"([^\"]+)\"\\s*,"));

  /** The engine errors Problem.of answers with their own errorType(). */
  private static final List<ContinuumException> ENGINE_ERRORS =
      List.of(
          new RunNotFound("r"),
          new UnknownWorkflowType("t"),
          new RunTerminal("r", RunState.COMPLETED),
          new RunConflict("r", "a different input"),
          new InvalidQuery("q"),
          new io.continuum.UnknownQuery("q"),
          new io.continuum.QueryFailed("q", null),
          new io.continuum.UnknownUpdate("u"),
          new io.continuum.UpdateRejected("u", "no"),
          new io.continuum.UpdateFailed("u", io.continuum.Failure.of("x.Boom", "boom")),
          new io.continuum.InvalidCompletionToken(),
          new io.continuum.ActivityNotPending("r"));

  private final ObjectMapper json =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private ApiServer server;
  private byte[] bytes;
  private JsonNode doc;

  @BeforeAll
  void load() throws IOException {
    server = new ApiServer(v -> InMemoryJournal.create());
    try (InputStream in = OpenApiContractTest.class.getResourceAsStream(RESOURCE)) {
      assertThat(in).as(RESOURCE).isNotNull();
      bytes = in.readAllBytes();
    }
    doc = json.readTree(bytes);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void isOpenApi31() {
    assertThat(doc.path("openapi").asText()).startsWith("3.1");
    assertThat(doc.at("/info/title").asText()).isEqualTo("Continuum REST API");
    assertThat(doc.at("/components/securitySchemes/bearerAuth/scheme").asText())
        .isEqualTo("bearer");
    assertThat(doc.at("/security/0").has("bearerAuth")).isTrue();
  }

  @Test
  void documentsExactlyTheRoutesOfTheRouter() {
    var router =
        ApiRouter.create(
            server.vertx,
            server.engine,
            HttpApiOptions.defaults().withPrometheus(server.prometheus));
    Set<String> routed = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      Set<HttpMethod> methods = route.methods();
      if (route.getPath() == null || methods == null || methods.isEmpty()) {
        continue; // the catch-all handlers: headers, authentication, bodies, failures
      }
      String path = route.getPath().replaceAll(":(\\w+)", "{$1}");
      methods.forEach(m -> routed.add(m.name() + " " + path));
    }
    assertThat(operations().keySet()).isEqualTo(routed);
  }

  @Test
  void everyOperationHasAUniqueIdATagAndItsPathParameters() {
    var ids = new ArrayList<String>();
    operations()
        .forEach(
            (key, operation) -> {
              assertThat(operation.path("operationId").asText()).as(key).isNotEmpty();
              assertThat(operation.path("summary").asText()).as(key).isNotEmpty();
              assertThat(operation.path("tags")).as(key).isNotEmpty();
              assertThat(operation.path("responses")).as(key).isNotEmpty();
              ids.add(operation.path("operationId").asText());
              Set<String> declared = new TreeSet<>();
              for (JsonNode p : operation.path("parameters")) {
                JsonNode param = resolve(p);
                if (param.path("in").asText().equals("path")) {
                  assertThat(param.path("required").asBoolean()).as(key).isTrue();
                  declared.add(param.path("name").asText());
                }
              }
              Set<String> templated = new TreeSet<>();
              Matcher m = Pattern.compile("\\{(\\w+)}").matcher(key.substring(key.indexOf(' ')));
              while (m.find()) {
                templated.add(m.group(1));
              }
              assertThat(declared).as(key).isEqualTo(templated);
            });
    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void onlyHealthAndTheDocumentAreOpen() {
    operations()
        .forEach(
            (key, operation) -> {
              boolean open = key.equals("GET /v1/health") || key.equals("GET /v1/openapi.json");
              assertThat(operation.has("security")).as(key).isEqualTo(open);
              if (open) {
                assertThat(operation.path("security")).as(key).isEmpty();
              }
            });
  }

  @Test
  void everyReferenceResolves() {
    var refs = new ArrayList<String>();
    collectRefs(doc, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).as("only local references").startsWith("#/");
      assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
    }
  }

  @Test
  void documentsEveryProblemKindTheCodeAnswersWith() throws IOException {
    Set<String> inCode = new TreeSet<>();
    Path sources = Path.of(System.getProperty("basedir", "")).resolve("src/main/java");
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        for (Pattern p : KIND_LITERALS) {
          Matcher m = p.matcher(text);
          while (m.find()) {
            inCode.add(m.group(1));
          }
        }
      }
    }
    // A sanity floor, so that a reformatting the patterns miss cannot make this test vacuous.
    assertThat(inCode)
        .contains("invalid-request", "unauthorized", "payload-too-large")
        .hasSizeGreaterThan(15);
    ENGINE_ERRORS.forEach(e -> inCode.add(e.errorType()));

    Set<String> kinds = new TreeSet<>();
    doc.at("/components/schemas/ProblemKind/enum").forEach(k -> kinds.add(k.asText()));
    Set<String> urns = new TreeSet<>();
    doc.at("/components/schemas/Problem/properties/type/anyOf/0/enum")
        .forEach(k -> urns.add(k.asText()));
    String description = doc.at("/components/schemas/Problem/description").asText();

    assertThat(kinds).as("ProblemKind.enum").isEqualTo(inCode);
    assertThat(urns).as("Problem.type enum").isEqualTo(withPrefix(inCode));
    for (String kind : inCode) {
      assertThat(description).as("Problem.description").contains("`" + kind + "`");
    }
    // The fallback of ApiRouter's failure handler: "http-" + status.
    assertThat(description).contains("`http-<status>`");
  }

  @Test
  void patternsAndLimitsAreTheCodes() {
    JsonNode params = doc.at("/components/parameters");
    assertThat(params.at("/namespace/schema/pattern").asText())
        .isEqualTo("^" + StartOptions.NAMESPACE.pattern() + "$");
    assertThat(params.at("/runId/schema/pattern").asText())
        .isEqualTo("^" + StartOptions.RUN_ID.pattern() + "$");
    assertThat(params.at("/signal/schema/pattern").asText()).isEqualTo("^[A-Za-z0-9._:-]{1,128}$");
    assertThat(doc.at("/components/schemas/Attributes/propertyNames/pattern").asText())
        .isEqualTo("^" + io.continuum.SearchAttributes.NAME.pattern() + "$");

    JsonNode list = operations().get("GET /v1/namespaces/{namespace}/runs");
    JsonNode limit = parameter(list, "limit").path("schema");
    assertThat(limit.path("default").asInt()).isEqualTo(RunQuery.DEFAULT_LIMIT);
    assertThat(limit.path("maximum").asInt()).isEqualTo(RunQuery.MAX_LIMIT);

    Set<String> states = new TreeSet<>();
    doc.at("/components/schemas/RunState/enum").forEach(s -> states.add(s.asText()));
    Set<String> wire = new TreeSet<>();
    for (RunState s : RunState.values()) {
      wire.add(s.wireName());
    }
    assertThat(states).isEqualTo(wire);
  }

  @Test
  void theServerServesTheDocumentByteForByte() {
    ApiResponse served = server.get("/v1/openapi.json", null);
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.contentType()).startsWith("application/json");
    assertThat(served.bytes()).isEqualTo(bytes);
  }

  /** "METHOD /path" to operation, for every operation of the document. */
  private Map<String, JsonNode> operations() {
    var ops = new java.util.TreeMap<String, JsonNode>();
    doc.path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        op -> {
                          if (HTTP_METHODS.contains(op.getKey())) {
                            ops.put(
                                op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
                                op.getValue());
                          }
                        }));
    return ops;
  }

  private JsonNode parameter(JsonNode operation, String name) {
    for (JsonNode p : operation.path("parameters")) {
      JsonNode param = resolve(p);
      if (param.path("name").asText().equals(name)) {
        return param;
      }
    }
    throw new AssertionError("no parameter " + name);
  }

  private JsonNode resolve(JsonNode node) {
    return node.has("$ref") ? doc.at(node.path("$ref").asText().substring(1)) : node;
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              f -> {
                if (f.getKey().equals("$ref")) {
                  refs.add(f.getValue().asText());
                } else {
                  collectRefs(f.getValue(), refs);
                }
              });
    } else if (node.isArray()) {
      node.forEach(n -> collectRefs(n, refs));
    }
  }

  private static Set<String> withPrefix(Set<String> kinds) {
    Set<String> urns = new TreeSet<>();
    kinds.forEach(k -> urns.add(PROBLEM_URN + k));
    return urns;
  }
}
