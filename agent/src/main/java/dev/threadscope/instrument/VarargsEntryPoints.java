package dev.threadscope.instrument;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

/**
 * Build step, never loaded by the agent (Maven runs it after compilation): sets ACC_VARARGS on
 * the named methods of one class file, in place. {@code java -cp CLASSES
 * dev.threadscope.instrument.VarargsEntryPoints CLASS_FILE METHOD...}
 *
 * <p>Why: the JVM starts an agent with {@code Method.invoke(premain)}. Since JDK 18 (JEP 416)
 * core reflection invokes through method handles, and for a {@code (String, Instrumentation)}
 * static method that first call spins ~6 LambdaForm classes: ~5 ms of every start-up with the
 * agent on JDK 25. A method flagged ACC_VARARGS whose last parameter is not an array cannot be
 * invoked through a method handle, so reflection uses the JVM's native invoker instead
 * ({@code MethodHandleAccessorFactory.useNativeAccessor}). The flag changes nothing else: the
 * JVM ignores it, and nobody calls these methods from Java source. See docs/performance.md.
 */
public final class VarargsEntryPoints {
    private static final int ACC_VARARGS = 0x0080;

    private VarargsEntryPoints() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: VarargsEntryPoints CLASS_FILE METHOD...");
        }
        Path file = Path.of(args[0]);
        Set<String> names = Set.of(Arrays.copyOfRange(args, 1, args.length));
        byte[] b = Files.readAllBytes(file);
        int flagged = ClassPatcher.addMethodFlags(b, names, ACC_VARARGS);
        if (flagged != names.size()) {
            throw new IllegalStateException(file + ": found " + flagged + " of the methods " + names);
        }
        Files.write(file, b);
    }
}
