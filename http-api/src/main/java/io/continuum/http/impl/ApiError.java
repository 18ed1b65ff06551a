package io.continuum.http.impl;

/** A request the API refuses, carrying the problem to answer with. */
final class ApiError extends RuntimeException {
  private final transient Problem problem;

  ApiError(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  static ApiError badRequest(String kind, String detail) {
    return new ApiError(Problem.badRequest(kind, detail));
  }

  Problem problem() {
    return problem;
  }
}
