package dev.threadscope.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The agent's own jar, opened once at install for the bridge template and the native
 * library (a ZipFile is much cheaper at start-up than getResourceAsStream).
 */
final class AgentJar implements AutoCloseable {
    private final ZipFile zip;

    private AgentJar(ZipFile zip) {
        this.zip = zip;
    }

    static AgentJar open() {
        try {
            CodeSource source = AgentJar.class.getProtectionDomain().getCodeSource();
            Path path = Path.of(source.getLocation().toURI());
            return new AgentJar(path.toString().endsWith(".jar") ? new ZipFile(path.toFile()) : null);
        } catch (Exception | LinkageError e) {
            return new AgentJar(null);
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
        if (zip != null) {
            try {
                zip.close();
            } catch (IOException ignored) {
                // read-only; nothing lost
            }
        }
    }
}
