package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.continuum.UnsupportedVertxVersion;
import org.junit.jupiter.api.Test;

/** Issue 13, item 9: another Vert.x line is refused at deploy with a message, not an NSME later. */
class SupportedVertxTest {

  @Test
  void everyVersionOfTheLineAndNoOtherIsSupported() {
    assertThat(SupportedVertx.supports("5.0.10")).isTrue();
    assertThat(SupportedVertx.supports("5.0.0")).isTrue();
    assertThat(SupportedVertx.supports("5.0")).isTrue();
    assertThat(SupportedVertx.supports("5.0.11-SNAPSHOT")).isTrue();
    assertThat(SupportedVertx.supports("5.1.0")).isFalse();
    assertThat(SupportedVertx.supports("5.10.0")).isFalse();
    assertThat(SupportedVertx.supports("4.5.14")).isFalse();
  }

  @Test
  void theVertxOfTheBuildIsReadAndPasses() {
    assertThat(SupportedVertx.hostVersion())
        .hasValueSatisfying(v -> assertThat(v).startsWith("5.0"));
    assertThatCode(SupportedVertx::require).doesNotThrowAnyException();
  }

  @Test
  void theErrorSaysWhatToAlign() {
    var e = new UnsupportedVertxVersion("5.1.2", SupportedVertx.LINE);
    assertThat(e.getMessage())
        .contains("runs on Vert.x 5.0.x")
        .contains("runs Vert.x 5.1.2")
        .contains("continuum-bom");
    assertThat(e.errorType()).isEqualTo("unsupported-vertx-version");
  }
}
