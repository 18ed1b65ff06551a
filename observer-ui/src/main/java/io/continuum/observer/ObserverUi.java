package io.continuum.observer;

import io.continuum.http.ApiKey;
import io.continuum.http.HttpMount;
import io.continuum.observer.impl.ObserverRoutes;
import io.continuum.observer.impl.OneTimeLinks;
import io.continuum.observer.impl.Sessions;
import io.continuum.runtime.Engine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.Objects;

/**
 * The web observer: server-rendered pages under {@code /ui/} on the REST API's own HTTP server
 * (mount it with {@link io.continuum.http.HttpApiVerticle}), reading through the engine's client as
 * the API does. People log in with an API key at {@code /ui/login}; the page keeps a signed session
 * cookie, and the key's role and namespaces decide what they see and may do.
 *
 * <pre>{@code
 * ObserverUi ui = ObserverUi.create(engine, ObserverOptions.defaults().withApiKeys(keys));
 * vertx.deployVerticle(new HttpApiVerticle(engine, apiOptions.withApiKeys(keys), List.of(ui)));
 * // then open http://host:port/ui/ in a browser
 * }</pre>
 */
public final class ObserverUi implements HttpMount {
  static final String SECRET = "observer-sessions";

  private final Engine engine;
  private final ObserverOptions options;

  private ObserverUi(Engine engine, ObserverOptions options) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.options = Objects.requireNonNull(options, "options");
  }

  /** The observer of {@code engine}. */
  public static ObserverUi create(Engine engine, ObserverOptions options) {
    return new ObserverUi(engine, options);
  }

  @Override
  public Future<Void> mount(Vertx vertx, Router router) {
    // Every node signs with the same key, so a session opened on one is valid on all.
    return engine
        .journal()
        .secret(SECRET)
        .map(
            secret -> {
              var sessions =
                  new Sessions(secret, options.apiKeys(), options.sessionTtl(), options.clock());
              var links =
                  new OneTimeLinks(
                      secret, options.apiKeys(), options.loginLinkTtl(), options.clock());
              new ObserverRoutes(vertx, engine, sessions, links, options.secureCookies())
                  .mount(router);
              return null;
            });
  }

  /**
   * A path that logs a browser in as {@code key} once, within a few minutes: {@code
   * /ui/login?once=…} (prefix it with the server's address). The dev server prints one.
   */
  public Future<String> loginLink(ApiKey key) {
    return engine
        .journal()
        .secret(SECRET)
        .map(
            secret ->
                "/ui/login?once="
                    + new OneTimeLinks(
                            secret, options.apiKeys(), options.loginLinkTtl(), options.clock())
                        .create(key));
  }
}
