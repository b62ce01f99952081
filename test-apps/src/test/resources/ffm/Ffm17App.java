import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import jdk.incubator.foreign.*;

/**
 * FfmApp for JDK 17's incubating API (jdk.incubator.foreign): the same native threads calling
 * an upcall stub, which on 17 attaches the thread for each upcall (not as a daemon) and detaches
 * it after. Compiled by FfmUpcallsTest on JDK 17 only.
 *
 *   Ffm17App PATH/TO/libforeign.so ROUNDS CALLS
 */
public final class Ffm17App {
    static void tick(int i) {
        Thread t = Thread.currentThread();
        System.out.println("callback " + i + " on " + t.getId() + " " + t.isDaemon() + " " + t.getName());
    }

    public static void main(String[] args) throws Throwable {
        System.load(args[0]);
        MemoryAddress fn = SymbolLookup.loaderLookup().lookup("foreign_call_from_new_thread").orElseThrow();
        CLinker linker = CLinker.getInstance();
        MethodHandle call = linker.downcallHandle(fn, MethodType.methodType(int.class, MemoryAddress.class, int.class),
                FunctionDescriptor.of(CLinker.C_INT, CLinker.C_POINTER, CLinker.C_INT));
        MethodHandle target = MethodHandles.lookup().findStatic(Ffm17App.class, "tick",
                MethodType.methodType(void.class, int.class));
        MemoryAddress stub = linker.upcallStub(target, FunctionDescriptor.ofVoid(CLinker.C_INT),
                ResourceScope.globalScope());
        int rounds = Integer.parseInt(args[1]);
        int calls = Integer.parseInt(args[2]);
        for (int r = 0; r < rounds; r++) {
            if ((int) call.invokeExact(stub, calls) != 0) {
                throw new IllegalStateException("native call failed");
            }
        }
        System.out.println("ready");
        System.out.flush();
        new java.util.concurrent.CountDownLatch(1).await();
    }
}
