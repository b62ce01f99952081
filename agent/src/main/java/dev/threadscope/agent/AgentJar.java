package dev.threadscope.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.security.CodeSource;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The agent's own jar, opened once at install for the bridge template and the native
 * library (a ZipFile is much cheaper at start-up than getResourceAsStream).
 */
final class AgentJar implements AutoCloseable {
    private final ZipFile zip;
    private final boolean owned;

    private AgentJar(ZipFile zip, boolean owned) {
        this.zip = zip;
        this.owned = owned;
    }

    /** The jar {@link AgentLoader} keeps open (and closing this leaves it open), or, if null, {@link #open()}. */
    static AgentJar of(ZipFile loaders) {
        return loaders != null ? new AgentJar(loaders, false) : open();
    }

    static AgentJar open() {
        try {
            CodeSource source = AgentJar.class.getProtectionDomain().getCodeSource();
            // java.io rather than Path.of: the first NIO path initialises the default file
            // system, ~1 ms of start-up (measured on 17 and 25) that a hello world never pays.
            File file = new File(source.getLocation().toURI());
            return new AgentJar(file.getName().endsWith(".jar") ? new ZipFile(file) : null, true);
        } catch (Exception | LinkageError e) {
            return new AgentJar(null, true);
        }
    }

    /** The zip, or null when running from a class directory (unit tests). */
    ZipFile zip() {
        return zip;
    }

    byte[] bytes(String entryName) throws IOException {
        if (zip != null) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry != null) {
                try (InputStream in = zip.getInputStream(entry)) {
                    return in.readAllBytes();
                }
            }
        }
        try (InputStream in = AgentJar.class.getClassLoader().getResourceAsStream(entryName)) {
            if (in == null) {
                throw new IOException("missing from the agent jar: " + entryName);
            }
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        if (zip != null && owned) {
            try {
                zip.close();
            } catch (IOException ignored) {
                // read-only; nothing lost
            }
        }
    }
}
