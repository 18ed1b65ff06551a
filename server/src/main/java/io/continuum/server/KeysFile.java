package io.continuum.server;

import io.continuum.http.ApiKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading an API keys file ({@code {"keys":[…]}}, hashes only) with one-line errors. */
final class KeysFile {
  private KeysFile() {}

  /** The keys in {@code file}; a missing file is none unless {@code mustExist}. */
  static ApiKeys read(Path file, boolean mustExist) {
    if (!Files.exists(file)) {
      if (mustExist) {
        throw new ConfigException("the API keys file " + file + " does not exist");
      }
      return ApiKeys.none();
    }
    try {
      return ApiKeys.read(file);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          "cannot read the API keys file " + file + ": " + ServerAssembly.message(e), e);
    }
  }
}
