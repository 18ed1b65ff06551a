package io.continuum.core.replay;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.continuum.Workflow;
import io.continuum.WorkflowType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A registered workflow: its type name, how to make an instance, and its input and result types.
 *
 * <pre>{@code
 * WorkflowDefinition checkout = WorkflowDefinition.of(Checkout.class);
 * WorkflowDefinition echo = WorkflowDefinition.of("echo", String.class, String.class,
 *     (ctx, in) -> in);
 * }</pre>
 */
public final class WorkflowDefinition {

  private final String type;
  private final Class<?> workflowClass;
  private final Supplier<? extends Workflow<?, ?>> factory;
  private final Type inputType;
  private final Type resultType;
  private final String versionHash;

  private WorkflowDefinition(
      String type,
      Class<?> workflowClass,
      Supplier<? extends Workflow<?, ?>> factory,
      Type inputType,
      Type resultType) {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("a workflow type name must not be blank");
    }
    this.type = type;
    this.workflowClass = workflowClass;
    this.factory = factory;
    this.inputType = inputType;
    this.resultType = resultType;
    this.versionHash = versionOf(workflowClass);
  }

  // A class the JVM made at run time (a lambda) has no class file to hash: such a definition is
  // unversioned, and its runs may resume on any node that registers the type.
  private static String versionOf(Class<?> workflowClass) {
    if (workflowClass.isSynthetic() || workflowClass.isHidden()) {
      return null;
    }
    try {
      return io.continuum.determinism.VersionHash.of(workflowClass);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The version of this definition's code ({@link io.continuum.determinism.VersionHash}), or null
   * for a definition given as a lambda (unversioned).
   */
  public String versionHash() {
    return versionHash;
  }

  /** A class-based workflow, instantiated through its public no-argument constructor per step. */
  public static <W extends Workflow<?, ?>> WorkflowDefinition of(Class<W> workflowClass) {
    Constructor<W> ctor = noArgConstructor(workflowClass);
    return of(workflowClass, () -> newInstance(ctor));
  }

  /** A class-based workflow, instantiated through {@code factory} per step. */
  public static <W extends Workflow<?, ?>> WorkflowDefinition of(
      Class<W> workflowClass, Supplier<W> factory) {
    Objects.requireNonNull(factory, "factory");
    JavaType[] io = typeArguments(workflowClass);
    return new WorkflowDefinition(
        typeName(workflowClass),
        workflowClass,
        factory,
        ActivityTypes.valueType(io[0]),
        ActivityTypes.valueType(io[1]));
  }

  /** The {@code I} and {@code O} of a class implementing {@code Workflow<I, O>}. */
  static JavaType[] typeArguments(Class<?> workflowClass) {
    JavaType[] io = TypeFactory.defaultInstance().findTypeParameters(workflowClass, Workflow.class);
    if (io == null || io.length != 2) {
      throw new IllegalArgumentException(
          workflowClass.getName() + " must implement Workflow<I, O> with concrete type arguments");
    }
    return io;
  }

  /** A workflow given as one stateless instance (a lambda), under an explicit name. */
  public static <I, O> WorkflowDefinition of(
      String type, Class<I> inputType, Class<O> resultType, Workflow<I, O> workflow) {
    Objects.requireNonNull(workflow, "workflow");
    return new WorkflowDefinition(type, workflow.getClass(), () -> workflow, inputType, resultType);
  }

  /** The type name of a workflow class: its {@link WorkflowType} or its simple name. */
  public static String typeName(Class<?> workflowClass) {
    WorkflowType named = workflowClass.getAnnotation(WorkflowType.class);
    return named != null ? named.value() : workflowClass.getSimpleName();
  }

  public String type() {
    return type;
  }

  public Class<?> workflowClass() {
    return workflowClass;
  }

  public Type inputType() {
    return inputType;
  }

  public Type resultType() {
    return resultType;
  }

  /** A fresh instance for one step. */
  @SuppressWarnings("unchecked")
  public Workflow<Object, Object> newInstance() {
    return (Workflow<Object, Object>) factory.get();
  }

  private static <W> Constructor<W> noArgConstructor(Class<W> type) {
    try {
      Constructor<W> ctor = type.getDeclaredConstructor();
      if (!Modifier.isPublic(ctor.getModifiers()) || !Modifier.isPublic(type.getModifiers())) {
        ctor.setAccessible(true);
      }
      return ctor;
    } catch (NoSuchMethodException | RuntimeException e) {
      throw new IllegalArgumentException(
          type.getName() + " needs a no-argument constructor, or register it with a factory", e);
    }
  }

  private static <W> W newInstance(Constructor<W> ctor) {
    try {
      return ctor.newInstance();
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("cannot create " + ctor.getDeclaringClass(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create " + ctor.getDeclaringClass(), e);
    }
  }

  @Override
  public String toString() {
    return "workflow '" + type + "' (" + workflowClass.getName() + ")";
  }
}
