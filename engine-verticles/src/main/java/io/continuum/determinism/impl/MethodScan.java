package io.continuum.determinism.impl;

import io.continuum.determinism.Severity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;

/** Reads one method's instructions and hands every call, field write and lock to the scanner. */
final class MethodScan {
  private static final String CONTEXT = "io/continuum/WorkflowContext";
  private static final Set<String> PLAIN_BOOTSTRAPS =
      Set.of(
          "java/lang/invoke/StringConcatFactory",
          "java/lang/runtime/ObjectMethods",
          "java/lang/runtime/SwitchBootstraps");
  private static final Rule SYNCHRONIZED =
      new Rule(
          Rule.SYNCHRONIZATION,
          Severity.ERROR,
          "a step runs on one thread; remove synchronized, and wait with ctx.awaitSignal or"
              + " ctx.sleep");
  private static final Rule STATIC_WRITE =
      new Rule(
          Rule.STATIC_WRITE,
          Severity.ERROR,
          "static fields outlive the step and are shared by every run; keep state in locals or"
              + " instance fields (fresh each step)");
  private static final Rule INDY =
      new Rule(
          Rule.REFLECTION,
          Severity.WARNING,
          "a dynamic call site cannot be checked statically; call the code directly");

  private final Scanner scanner;
  private final ClassNode owner;
  private final MethodNode method;
  private final Map<AbstractInsnNode, Integer> lines = new IdentityHashMap<>();
  private final Map<AbstractInsnNode, String> landed = new IdentityHashMap<>();
  private final Set<AbstractInsnNode> contextCalls = new HashSet<>();

  private MethodScan(Scanner scanner, ClassNode owner, MethodNode method) {
    this.scanner = scanner;
    this.owner = owner;
    this.method = method;
  }

  /** Where a finding is: the class, the method and the source line (-1 when unknown). */
  record Site(ClassNode owner, MethodNode method, int line) {}

  /** A handler for Throwable or Error: the calls its try block makes. */
  record CatchSite(Site site, String type, boolean callsContext, Set<String> callees) {}

  static void scan(Scanner scanner, ClassNode owner, MethodNode method) {
    new MethodScan(scanner, owner, method).run();
  }

  private void run() {
    int line = -1;
    for (AbstractInsnNode insn : method.instructions) {
      if (insn instanceof LineNumberNode n) {
        line = n.line;
      }
      lines.put(insn, line);
    }
    if ((method.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
      scanner.report(site(firstLine()), SYNCHRONIZED, "synchronized method " + method.name);
    }
    for (AbstractInsnNode insn : method.instructions) {
      visit(insn, site(lines.get(insn)));
    }
    var catches = new ArrayList<CatchSite>();
    for (TryCatchBlockNode b : method.tryCatchBlocks) {
      if (("java/lang/Throwable".equals(b.type) || "java/lang/Error".equals(b.type))
          && !closesResources(b)) {
        catches.add(catchSite(b));
      }
    }
    String key = owner.name + '.' + method.name + method.desc;
    scanner.record(key, !contextCalls.isEmpty(), new HashSet<>(landed.values()), catches);
  }

  private void visit(AbstractInsnNode insn, Site site) {
    if (insn instanceof MethodInsnNode m) {
      if (m.owner.equals(CONTEXT) && !m.name.equals("info")) {
        contextCalls.add(insn);
      }
      if (m.name.equals("<init>") && feedsSideEffect(m) && scanner.follows(m.owner)) {
        return; // an anonymous Supplier given to ctx.sideEffect runs once and is journaled
      }
      land(insn, scanner.call(site, m.owner, m.name, m.desc));
    } else if (insn instanceof InvokeDynamicInsnNode indy) {
      dynamic(indy, site);
    } else if (insn instanceof FieldInsnNode f) {
      if (f.getOpcode() == Opcodes.PUTSTATIC
          && !(method.name.equals("<clinit>") && f.owner.equals(owner.name))) {
        scanner.report(site, STATIC_WRITE, "write to " + f.owner.replace('/', '.') + "." + f.name);
      } else if (f.getOpcode() == Opcodes.GETSTATIC) {
        Rule r = Rules.staticRead(f.owner, f.name);
        if (r != null) {
          scanner.report(site, r, f.owner.replace('/', '.') + "." + f.name);
        }
      }
      if (f.getOpcode() == Opcodes.PUTSTATIC || f.getOpcode() == Opcodes.GETSTATIC) {
        scanner.touch(f.owner);
      }
    } else if (insn instanceof TypeInsnNode t && t.getOpcode() == Opcodes.NEW) {
      scanner.touch(t.desc);
    } else if (insn.getOpcode() == Opcodes.MONITORENTER) {
      scanner.report(site, SYNCHRONIZED, "synchronized block");
    }
  }

  private void dynamic(InvokeDynamicInsnNode indy, Site site) {
    String bootstrap = indy.bsm.getOwner();
    if (bootstrap.equals("java/lang/invoke/LambdaMetafactory")
        && indy.bsmArgs.length > 1
        && indy.bsmArgs[1] instanceof Handle target) {
      if (!feedsSideEffect(indy)) {
        // The lambda's body, or the method a reference names, runs as if called here.
        land(indy, scanner.call(site, target.getOwner(), target.getName(), target.getDesc()));
      }
    } else if (!PLAIN_BOOTSTRAPS.contains(bootstrap)) {
      scanner.report(site, INDY, "invokedynamic " + Calls.render(bootstrap, indy.bsm.getName()));
    }
  }

  private void land(AbstractInsnNode insn, String key) {
    if (key != null) {
      landed.put(insn, key);
    }
  }

  // The value this instruction produces is the Supplier argument of ctx.sideEffect(...).
  private static boolean feedsSideEffect(AbstractInsnNode insn) {
    AbstractInsnNode next = insn.getNext();
    while (next != null && next.getOpcode() < 0) {
      next = next.getNext();
    }
    return next instanceof MethodInsnNode m
        && m.owner.equals(CONTEXT)
        && m.name.equals("sideEffect");
  }

  // javac's try-with-resources handler catches Throwable only to close and rethrow it.
  private static boolean closesResources(TryCatchBlockNode b) {
    AbstractInsnNode insn = b.handler;
    for (int i = 0; insn != null && i < 40; insn = insn.getNext(), i++) {
      if (insn instanceof MethodInsnNode m && m.name.equals("addSuppressed")) {
        return true;
      }
      if (insn.getOpcode() == Opcodes.ATHROW) {
        return false;
      }
    }
    return false;
  }

  private CatchSite catchSite(TryCatchBlockNode b) {
    boolean context = false;
    Set<String> called = new HashSet<>();
    for (AbstractInsnNode i = b.start; i != null && i != b.end; i = i.getNext()) {
      context |= contextCalls.contains(i);
      if (landed.containsKey(i)) {
        called.add(landed.get(i));
      }
    }
    int line = lines.getOrDefault(b.handler, -1);
    for (AbstractInsnNode i = b.handler; i != null && i.getOpcode() < 0; i = i.getNext()) {
      if (i instanceof LineNumberNode n) {
        line = n.line;
        break;
      }
    }
    return new CatchSite(site(line), b.type, context, called);
  }

  private int firstLine() {
    for (AbstractInsnNode insn : method.instructions) {
      if (insn instanceof LineNumberNode n) {
        return n.line;
      }
    }
    return -1;
  }

  private Site site(int line) {
    return new Site(owner, method, line);
  }
}
