package io.continuum;

import java.util.List;

/**
 * One page of {@link Continuum#query} results, newest first.
 *
 * <pre>{@code
 * RunPage page = client.query(RunQuery.in("default")).await();
 * page.runs().forEach(r -> System.out.println(r.runId() + " " + r.state()));
 * if (page.nextCursor() != null) { ... query again withCursor(page.nextCursor()) ... }
 * }</pre>
 *
 * @param runs the runs on this page
 * @param nextCursor an opaque cursor for the next page, or null when this is the last one
 */
public record RunPage(List<RunDescription> runs, String nextCursor) {

  /** Copies the list. */
  public RunPage {
    runs = List.copyOf(runs);
  }
}
