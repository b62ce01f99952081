package dev.threadscope.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Loads threadscope's own classes straight from the agent jar, apart from the application's
 * class path. The JVM puts the agent jar at the end of the system class path, and a class
 * loaded from there goes through the application class loader's whole path (the class path
 * searched in order, the jar's manifest and package checks, a code source per class); here a
 * class of ours is one zip entry and one defineClass. Measured on JDK 25 (docs/performance.md,
 * "Start-up"): ~65 us less per class at premain, ~2 ms of start-up in all. It also keeps the
 * application's classes and ours apart: our package is looked up here first, so nothing on the
 * class path can stand in for a class of ours. Other names go to the platform loader, and then
 * to the system class loader: another agent's advice woven into our classes may call a helper
 * of its own on the class path, as it could when our classes came from there.
 *
 * <p>Not used for a signed jar: a plain zip read checks no signature, so the system class loader,
 * which does, loads everything then.
 *
 * <p>Only {@link Agent} and this class are loaded by the system class loader. The jar stays
 * open for the JVM's life, as the system class loader keeps it too: classes such as the JMX
 * ones load when first needed.
 */
final class AgentLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private static final String OURS = "dev.threadscope.";

    private final ZipFile jar;
    private final File file;
    private final ProtectionDomain domain;

    private AgentLoader(ZipFile jar, File file, CodeSource source) {
        super("threadscope", ClassLoader.getPlatformClassLoader());
        this.jar = jar;
        this.file = file;
        // Permissions from the policy, as for any class from this jar (no own permissions).
        this.domain = new ProtectionDomain(source, null, this, null);
    }

    /**
     * A loader for the jar Agent came from, or null when it came from a class directory (tests)
     * or from a signed jar.
     */
    static AgentLoader forAgentJar() throws IOException {
        CodeSource source = Agent.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())
                || source.getCodeSigners() != null) {
            return null;
        }
        File file;
        try {
            // java.io rather than Path.of: the first NIO path initialises the default file system.
            file = new File(source.getLocation().toURI());
        } catch (Exception notAFile) {
            return null;
        }
        if (!file.isFile()) {
            return null;
        }
        return new AgentLoader(new ZipFile(file), file, source);
    }

    /** The agent jar, open for the JVM's life. */
    ZipFile jar() {
        return jar;
    }

    /**
     * Ours first, straight from the jar, without asking the platform and boot loaders, which
     * have none of them; any other name (or one under our package that is not in the jar: an
     * application's class) from the platform loader, else from the system class loader.
     */
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(OURS)) {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    ZipEntry entry = jar.getEntry(entryName(name));
                    c = entry == null ? null : define(name, entry);
                }
                if (c != null) {
                    if (resolve) {
                        resolveClass(c);
                    }
                    return c;
                }
            }
        }
        try {
            return super.loadClass(name, resolve);
        } catch (ClassNotFoundException notJdk) {
            return ClassLoader.getSystemClassLoader().loadClass(name);
        }
    }

    private static String entryName(String className) {
        return className.replace('.', '/').concat(".class");
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        ZipEntry entry = name.startsWith(OURS) ? jar.getEntry(entryName(name)) : null;
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        return define(name, entry);
    }

    private Class<?> define(String name, ZipEntry entry) throws ClassNotFoundException {
        byte[] b;
        try (InputStream in = jar.getInputStream(entry)) {
            b = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            throw new ClassNotFoundException(name + " (from " + file + ")", e);
        }
        return defineClass(name, b, 0, b.length, domain);
    }

    @Override
    protected URL findResource(String name) {
        if (jar.getEntry(name) == null) {
            return null;
        }
        try {
            return URI.create("jar:" + file.toURI() + "!/" + name).toURL();
        } catch (IllegalArgumentException | MalformedURLException e) {
            return null;
        }
    }
}
