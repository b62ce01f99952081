import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * FFM upcalls (JDK 22+) from native threads: libforeign's foreign_call_from_new_thread makes a
 * new pthread that calls the upcall stub CALLS times; the stub attaches that thread, which stays
 * attached until the pthread exits. ROUNDS native threads in all. Compiled by FfmUpcallsTest
 * with the JDK under test (the test apps are built for 17). Prints each callback's thread, then
 * "ready", and stays until killed.
 *
 *   FfmApp PATH/TO/libforeign.so ROUNDS CALLS
 */
public final class FfmApp {
    static void tick(int i) {
        Thread t = Thread.currentThread();
        System.out.println("callback " + i + " on " + t.threadId() + " " + t.isDaemon() + " " + t.getName());
    }

    public static void main(String[] args) throws Throwable {
        Linker linker = Linker.nativeLinker();
        SymbolLookup lib = SymbolLookup.libraryLookup(args[0], Arena.global());
        MethodHandle call = linker.downcallHandle(lib.find("foreign_call_from_new_thread").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        MethodHandle target = MethodHandles.lookup().findStatic(FfmApp.class, "tick",
                MethodType.methodType(void.class, int.class));
        MemorySegment stub = linker.upcallStub(target, FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT), Arena.global());
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
