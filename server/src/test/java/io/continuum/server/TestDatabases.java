package io.continuum.server;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Postgres URLs for the databases of the journal's test fixture. */
final class TestDatabases {
  private TestDatabases() {}

  /** {@code postgresql://user[:password]@host:port/database}. */
  static String url(PgConnectOptions db) {
    String password = db.getPassword();
    return "postgresql://"
        + URLEncoder.encode(db.getUser(), StandardCharsets.UTF_8)
        + (password == null || password.isEmpty()
            ? ""
            : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8))
        + "@"
        + db.getHost()
        + ":"
        + db.getPort()
        + "/"
        + db.getDatabase();
  }
}
