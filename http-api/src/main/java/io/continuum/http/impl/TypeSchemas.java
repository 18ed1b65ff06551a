package io.continuum.http.impl;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;

/**
 * JSON Schema (draft 2020-12) of workflow inputs and results, generated from their Java types by
 * victools' jsonschema-generator with its Jackson module (property names, {@code required}, enums
 * as Jackson writes them), once per type.
 */
final class TypeSchemas {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaGenerator GENERATOR =
      new SchemaGenerator(
          new SchemaGeneratorConfigBuilder(
                  JSON, SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
              .with(
                  new JacksonModule(
                      JacksonOption.RESPECT_JSONPROPERTY_REQUIRED,
                      JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE))
              .with(Option.DEFINITIONS_FOR_ALL_OBJECTS)
              .build());

  private final Map<Type, JsonObject> cache = new HashMap<>();

  /** The schema of {@code type}; an untyped ({@code Object}) type is {@code {}}: anything. */
  JsonObject of(Type type) {
    return cache.computeIfAbsent(type, TypeSchemas::generate).copy();
  }

  private static JsonObject generate(Type type) {
    Type reflected = reflected(type);
    if (reflected == Object.class) {
      return new JsonObject().put("$schema", SchemaVersion.DRAFT_2020_12.getIdentifier());
    }
    ObjectNode schema = GENERATOR.generateSchema(reflected);
    return new JsonObject(schema.toString());
  }

  // The engine resolves a workflow's type arguments with Jackson (a JavaType); the generator
  // reads java.lang.reflect types.
  private static Type reflected(Type type) {
    if (!(type instanceof JavaType j)) {
      return type;
    }
    if (j.isArrayType()) {
      Type component = reflected(j.getContentType());
      return component instanceof Class<?> c ? j.getRawClass() : (GenericArrayType) () -> component;
    }
    int n = j.containedTypeCount();
    if (n == 0) {
      return j.getRawClass();
    }
    Type[] arguments = new Type[n];
    for (int i = 0; i < n; i++) {
      arguments[i] = reflected(j.containedType(i));
    }
    Class<?> raw = j.getRawClass();
    return new ParameterizedType() {
      @Override
      public Type[] getActualTypeArguments() {
        return arguments.clone();
      }

      @Override
      public Type getRawType() {
        return raw;
      }

      @Override
      public Type getOwnerType() {
        return raw.getDeclaringClass();
      }
    };
  }
}
