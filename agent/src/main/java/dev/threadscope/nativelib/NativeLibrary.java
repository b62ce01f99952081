package dev.threadscope.nativelib;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import dev.threadscope.core.Log;
import dev.threadscope.core.Registry;
import dev.threadscope.core.ThreadEvents;
import dev.threadscope.instrument.Bridge;

/**
 * Extracts libthreadscope.so from the agent jar into a fresh private directory, loads it
 * through the bridge (so it belongs to the boot loader), and turns the thread events on.
 * Any failure is returned as a message; the caller falls back to pure Java. Never retried.
 */
public final class NativeLibrary {
    public static final String PATH_PROPERTY = "threadscope.native.path";
    static final String RESOURCE = "dev/threadscope/native/" + platform() + "/libthreadscope.so";

    private final Bridge bridge;
    private final boolean threadEnds;
    private final boolean startsHooked;
    private volatile boolean loaded;
    private boolean threadStarts;
    private boolean kernelIds;

    /**
     * @param threadEnds whether JVMTI must report thread ends (Thread.exit() is not hooked)
     * @param startsHooked whether Thread.start() and the constructors attaching threads run are
     *     hooked: then, if kernel ids can be read from the JVM, no start event is needed
     */
    public NativeLibrary(Bridge bridge, boolean threadEnds, boolean startsHooked) {
        this.bridge = bridge;
        this.threadEnds = threadEnds;
        this.startsHooked = startsHooked;
    }

    /** Once started: how the registry announces threads and reads kernel ids. */
    public ThreadEvents events() {
        return new JvmtiEvents(bridge, threadStarts, kernelIds);
    }

    /**
     * Loads and starts; null on success, otherwise why not. The system property
     * {@code threadscope.native.path} names a library to load instead of the bundled one
     * (a debugging or sanitizer build; see docs/alien-threads.md).
     */
    public String start(ZipFile agentJar, Registry registry) {
        String override = System.getProperty(PATH_PROPERTY);
        if (override != null) {
            return loadAndStart(override, registry);
        }
        if (agentJar == null) {
            return "the agent jar could not be opened";
        }
        ZipEntry entry = agentJar.getEntry(RESOURCE);
        if (entry == null) {
            return "no native library for " + platform() + " in the agent jar";
        }
        File dir = null;
        File lib = null;
        try {
            dir = privateDirectory();
            lib = new File(dir, "libthreadscope.so");
            // java.io rather than Files.copy: NIO channels would load ~40 classes at start-up.
            try (InputStream in = agentJar.getInputStream(entry);
                 OutputStream out = new FileOutputStream(lib)) {
                in.transferTo(out);
            }
            return loadAndStart(lib.getPath(), registry);
        } catch (Throwable t) {
            return "could not extract " + RESOURCE + ": " + t;
        } finally {
            // Once mapped, the file is not needed: leave nothing behind in the temp directory.
            deleteQuietly(lib);
            deleteQuietly(dir);
        }
    }

    private String loadAndStart(String path, Registry registry) {
        try {
            bridge.load(path);
            NativeEvents.bind(registry);
            String noKernelIds = bridge.kernelIds();
            kernelIds = noKernelIds == null;
            threadStarts = !kernelIds || !startsHooked;
            if (threadStarts) {
                Log.debug("JVMTI thread start events on: " + (kernelIds ? "Thread.start() or the constructors of "
                        + "attaching threads not hooked" : "kernel ids not readable from the JVM: " + noKernelIds));
            }
            String error = bridge.nativeStart(NativeEvents.class, threadStarts, threadEnds);
            if (error != null) {
                return error;
            }
            loaded = true;
            return null;
        } catch (UnsatisfiedLinkError | IllegalCallerException e) {
            return "could not load " + path + ": " + e.getMessage();
        } catch (Throwable t) {
            return "could not load " + path + ": " + t;
        }
    }

    /** The kernel's id of the calling thread, or -1 without the library. */
    public long currentOsThreadId() {
        if (loaded) {
            try {
                return bridge.osThreadIds().getAsLong();
            } catch (Throwable ignored) {
                // fall through
            }
        }
        return -1;
    }

    /**
     * A new directory only we can use: {@code mkdir} fails if the name exists (so nobody can have
     * prepared it, or a symlink in its place); it is closed to everyone else, then checked empty
     * (with a group-writable umask, someone could have put a file or link in it before it was
     * closed), before anything is written into it. java.io, not NIO's
     * PosixFilePermissions: ~8 classes fewer at start-up. No SecureRandom: that alone costs
     * ~10 ms at start-up.
     */
    private static File privateDirectory() throws IOException {
        File tmp = new File(System.getProperty("java.io.tmpdir"));
        for (int attempt = 0; attempt < 8; attempt++) {
            File dir = new File(tmp, "threadscope-" + Long.toHexString(System.nanoTime() ^ (attempt * 0x9E3779B97F4A7C15L)));
            if (dir.mkdir()) {
                boolean closed = dir.setReadable(false, false) && dir.setWritable(false, false)
                        && dir.setExecutable(false, false) && dir.setReadable(true, true)
                        && dir.setWritable(true, true) && dir.setExecutable(true, true);
                String[] planted = closed ? dir.list() : null;
                if (planted != null && planted.length == 0) {
                    return dir; // closed, and nobody put anything in it while it was open to the group
                }
                dir.delete();
                throw new IOException("could not make " + dir + " private");
            }
        }
        throw new IOException("could not create a directory in " + tmp);
    }

    private static void deleteQuietly(File f) {
        if (f != null && f.exists() && !f.delete()) {
            f.deleteOnExit(); // a leftover file in a private directory is harmless; try again at exit
        }
    }

    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch.equals("aarch64") ? "aarch64" : arch;
        return (os.contains("linux") ? "linux" : os.replace(' ', '_')) + "-" + a;
    }
}
