package io.continuum;

/**
 * No workflow of this type is registered with the engine; nothing was started.
 *
 * <pre>{@code
 * client.start("orders.chekout", input, StartOptions.defaults())   // typo
 *     .onFailure(err -> assertThat(err).isInstanceOf(UnknownWorkflowType.class));
 * }</pre>
 */
public final class UnknownWorkflowType extends ContinuumException {
  private final String workflowType;

  public UnknownWorkflowType(String workflowType) {
    super("no workflow type '" + workflowType + "' is registered");
    this.workflowType = workflowType;
  }

  public String workflowType() {
    return workflowType;
  }

  @Override
  public String errorType() {
    return "unknown-workflow-type";
  }
}
