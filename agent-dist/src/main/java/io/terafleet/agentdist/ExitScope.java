package io.terafleet.agentdist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a command makes for its own run (temporary stores, model folders, a coordinator, cars) and must not leave
 * behind. Closing the scope closes its resources, last opened first, then deletes its temporary folders; so does
 * Ctrl-C or SIGTERM in a process that runs inference ({@link #loadOnnxRuntime()}), before the JVM's shutdown hooks
 * start, and the shutdown hook for any other way the JVM ends before the scope closes.
 */
public final class ExitScope implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExitScope.class);
    private static final Set<ExitScope> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(ExitScope::close), "terafleet-cleanup"));
    }

    /** What belongs to the whole process rather than one run; closed by the shutdown hook. */
    private static final ExitScope PROCESS = open();
    private static boolean onnxRuntimeLoaded;
    private static final AtomicBoolean STOPPING = new AtomicBoolean();

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Deque<Path> folders = new ArrayDeque<>();
    private boolean closed;

    private ExitScope() {
    }

    public static ExitScope open() {
        var scope = new ExitScope();
        OPEN.add(scope);
        return scope;
    }

    /** A new folder under the system's temporary folder, deleted with everything in it when the scope ends. */
    public synchronized Path temporaryFolder(String prefix) {
        try {
            Path folder = Files.createTempDirectory(prefix);
            folders.push(folder);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads ONNX Runtime now and removes, at exit, the folder it unpacks its native libraries into: the library
     * leaves that folder in the temporary folder otherwise, one per run. The folder is told apart from other
     * processes' by being the one that appears while this process loads the library.
     */
    public static synchronized void loadOnnxRuntime() {
        if (onnxRuntimeLoaded) {
            return;
        }
        onnxRuntimeLoaded = true;
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = onnxRuntimeFolders(tmp);
        io.terafleet.generation.OrtNatives.environment();
        Set<Path> appeared = onnxRuntimeFolders(tmp);
        appeared.removeAll(before);
        if (appeared.size() == 1) {
            synchronized (PROCESS) {
                PROCESS.folders.push(appeared.iterator().next());
            }
        }
        stopInOrderOnSignals();
    }

    /**
     * Ctrl-C and SIGTERM close every open scope (cars first, so no inference is in flight) and only then exit.
     * ONNX Runtime registers a shutdown hook of its own that frees its environment, and the JVM runs shutdown hooks
     * in parallel: a car still inside a session run when that hook frees the runtime's logger crashes the JVM
     * (SIGSEGV in {@code libonnxruntime.so}, seen when the run logs that it was told to terminate). Stopping our
     * work from the signal handler, before any hook starts, takes that race away.
     */
    private static void stopInOrderOnSignals() {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stopAndExit(128 + signal.getNumber()));
            } catch (IllegalArgumentException e) {
                // the JVM keeps this signal to itself (-Xrs): the shutdown hook still cleans up
                LOG.debug("cannot handle SIG{} in order; the shutdown hook cleans up instead", name, e);
            }
        }
    }

    private static void stopAndExit(int status) {
        if (!STOPPING.compareAndSet(false, true)) {
            return; // a second Ctrl-C while the first one is stopping the run
        }
        OPEN.forEach(ExitScope::close);
        System.exit(status);
    }

    private static Set<Path> onnxRuntimeFolders(Path tmp) {
        try (var files = Files.newDirectoryStream(tmp, "onnxruntime-java*")) {
            Set<Path> found = new java.util.HashSet<>();
            files.forEach(found::add);
            return found;
        } catch (IOException e) {
            return new java.util.HashSet<>();
        }
    }

    /** Closes {@code resource} when the scope ends, before the folders are deleted (a store closes its files first). */
    public synchronized <T extends AutoCloseable> T add(T resource) {
        if (closed) {
            closeQuietly(resource);
            throw new IllegalStateException("the run is ending");
        }
        resources.push(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!resources.isEmpty()) {
            closeQuietly(resources.pop());
        }
        while (!folders.isEmpty()) {
            deleteTree(folders.pop());
        }
        OPEN.remove(this);
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.debug("closing {} at the end of the run failed", resource, e);
        }
    }

    /** Deletes {@code root} and everything under it; a file that is gone already is fine. */
    public static void deleteTree(Path root) {
        for (int attempt = 0; attempt < 3 && Files.exists(root); attempt++) {
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.deleteIfExists(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        if (e instanceof NoSuchFileException) {
                            return FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                        Files.deleteIfExists(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                // a file written while we walked (a store closing late): walk once more
                LOG.debug("deleting {} failed, attempt {}", root, attempt + 1, e);
            }
        }
    }
}
