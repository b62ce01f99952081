import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Build step (run by Maven as a single-file program after compilation): sets ACC_VARARGS on
 * the named methods of one class file, in place.
 *
 * <p>Why: the JVM starts an agent with {@code Method.invoke(premain)}. Since JDK 18 (JEP 416)
 * core reflection invokes through method handles, and for a {@code (String, Instrumentation)}
 * static method that first call spins ~6 LambdaForm classes: ~5 ms of every start-up with the
 * agent on JDK 25. A method flagged ACC_VARARGS whose last parameter is not an array cannot be
 * invoked through a method handle, so reflection uses the JVM's native invoker instead
 * ({@code MethodHandleAccessorFactory.useNativeAccessor}). The flag changes nothing else: the JVM
 * ignores it, and nobody calls these methods from Java source. See docs/performance.md.
 *
 * <p>Usage: {@code java VarargsEntryPoints.java CLASS_FILE METHOD...}
 */
public final class VarargsEntryPoints {
    private static final int ACC_VARARGS = 0x0080;

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: VarargsEntryPoints CLASS_FILE METHOD...");
        }
        Path file = Path.of(args[0]);
        Set<String> names = Set.of(java.util.Arrays.copyOfRange(args, 1, args.length));
        byte[] b = Files.readAllBytes(file);
        int marked = mark(b, names);
        if (marked != names.size()) {
            throw new IllegalStateException(file + ": found " + marked + " of the methods " + names);
        }
        Files.write(file, b);
    }

    /** Flags every method named in {@code names}; returns how many were found. */
    static int mark(byte[] b, Set<String> names) {
        if (u4(b, 0) != 0xCAFEBABE) {
            throw new IllegalArgumentException("not a class file");
        }
        int count = u2(b, 8);
        String[] utf8 = new String[count];
        int p = 10;
        for (int i = 1; i < count; i++) {
            int tag = b[p] & 0xFF;
            switch (tag) {
                case 1 -> {
                    int length = u2(b, p + 1);
                    utf8[i] = new String(b, p + 3, length, StandardCharsets.UTF_8); // names are ASCII here
                    p += 3 + length;
                }
                case 7, 8, 16, 19, 20 -> p += 3;
                case 15 -> p += 4;
                case 3, 4, 9, 10, 11, 12, 17, 18 -> p += 5;
                case 5, 6 -> {
                    p += 9;
                    i++;
                }
                default -> throw new IllegalArgumentException("unknown constant-pool tag " + tag);
            }
        }
        p += 6;                // access flags, this class, super class
        p += 2 + 2 * u2(b, p); // interfaces
        p = skipFields(b, p);
        int methods = u2(b, p);
        p += 2;
        int marked = 0;
        for (int m = 0; m < methods; m++) {
            if (names.contains(utf8[u2(b, p + 2)])) {
                int flags = u2(b, p) | ACC_VARARGS;
                b[p] = (byte) (flags >>> 8);
                b[p + 1] = (byte) flags;
                marked++;
            }
            p = skipAttributes(b, p + 6);
        }
        return marked;
    }

    /** {@code p} at fields_count: the offset just past the fields (methods_count). */
    private static int skipFields(byte[] b, int p) {
        int fields = u2(b, p);
        p += 2;
        for (int f = 0; f < fields; f++) {
            p = skipAttributes(b, p + 6);
        }
        return p;
    }

    /** {@code p} at an attributes_count: the offset just past those attributes. */
    private static int skipAttributes(byte[] b, int p) {
        int attributes = u2(b, p);
        p += 2;
        for (int a = 0; a < attributes; a++) {
            p += 6 + u4(b, p + 2);
        }
        return p;
    }

    private static int u2(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    private static int u4(byte[] b, int p) {
        return (u2(b, p) << 16) | u2(b, p + 2);
    }
}
