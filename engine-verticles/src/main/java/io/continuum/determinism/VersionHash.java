package io.continuum.determinism;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * A workflow's version: the SHA-256 of its bytecode with debug information (source file, line
 * numbers, local variable names) stripped, over the workflow class, the classes nested in it
 * (lambdas compile to methods of the class that holds them) and the {@link io.continuum.Pure}
 * helper classes its code reaches (with their nested classes), as {@link DeterminismCheck} walks
 * them. Reformatting, comments and blank lines leave it unchanged; changing a statement, in the
 * workflow or in a {@code @Pure} helper, changes it.
 *
 * <pre>{@code
 * String v = VersionHash.of(Checkout.class);   // 64 hex digits
 * }</pre>
 */
public final class VersionHash {
  private VersionHash() {}

  /** The version hash of {@code workflowClass}, in hex. */
  public static String of(Class<?> workflowClass) {
    var classes = new TreeMap<String, byte[]>();
    ClassLoader loader = loader(workflowClass);
    collect(workflowClass.getName().replace('.', '/'), loader, classes);
    for (String helper : DeterminismCheck.pureHelpers(workflowClass)) {
      collect(helper, loader, classes);
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, byte[]> c : classes.entrySet()) {
        sha.update(c.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(c.getValue());
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** The class's bytes as a fresh writer emits them without debug attributes. */
  static byte[] canonical(byte[] classFile) {
    var writer = new ClassWriter(0);
    new ClassReader(classFile).accept(writer, ClassReader.SKIP_DEBUG);
    return writer.toByteArray();
  }

  private static void collect(String internalName, ClassLoader loader, Map<String, byte[]> into) {
    if (into.containsKey(internalName)) {
      return;
    }
    byte[] bytes = read(internalName, loader);
    into.put(internalName, canonical(bytes));
    var nested = new java.util.ArrayList<String>();
    new ClassReader(bytes)
        .accept(
            new ClassVisitor(Opcodes.ASM9) {
              @Override
              public void visitInnerClass(
                  String name, String outerName, String innerName, int access) {
                if (internalName.equals(outerName)
                    || (outerName == null && name.startsWith(internalName + "$"))) {
                  nested.add(name);
                }
              }
            },
            ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    nested.forEach(n -> collect(n, loader, into));
  }

  static byte[] read(String internalName, ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
      if (in == null) {
        throw new IllegalArgumentException("no class file for " + internalName.replace('/', '.'));
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ClassLoader loader(Class<?> c) {
    return c.getClassLoader() != null ? c.getClassLoader() : ClassLoader.getSystemClassLoader();
  }
}
