package io.terafleet.agent.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.terafleet.core.api.CompleteRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finished units whose completion the coordinator has not yet answered, one file per unit under
 * {@code <dir>/completions}: written before the completion is sent, deleted once it is answered, so a car that
 * stops (or crashes) in between sends it again when it starts.
 */
public final class CompletionSpool {
    private static final Logger LOG = LoggerFactory.getLogger(CompletionSpool.class);
    private static final String SUFFIX = ".json";

    /** One spooled completion: the unit it finishes and the body to send. */
    public record Entry(String unitId, CompleteRequest request) {
    }

    private final Path dir;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public CompletionSpool(Path stateDir) {
        this.dir = stateDir.resolve("completions");
    }

    /** Keeps the completion durably; returns once it is on disk. */
    public void write(String unitId, CompleteRequest request) {
        try {
            AtomicFiles.write(file(unitId), json.writeValueAsBytes(new Entry(unitId, request)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not spool the completion of unit " + unitId, e);
        }
    }

    /** The coordinator answered: the completion need not be sent again. */
    public void delete(String unitId) {
        try {
            Files.deleteIfExists(file(unitId));
        } catch (IOException e) {
            LOG.warn("could not delete the spooled completion of unit {}: {}", unitId, e.toString());
        }
    }

    /** What waits to be sent; an unreadable file (it cannot be sent) is logged and dropped. */
    public List<Entry> pending() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                try {
                    entries.add(json.readValue(f.toFile(), Entry.class));
                } catch (IOException e) {
                    LOG.warn("dropping unreadable spooled completion {}: {}", f, e.toString());
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the completion spool " + dir, e);
        }
        return entries;
    }

    /** Drops everything spooled (the car is a new car: the old leases are not its own). */
    public int clear() {
        List<Entry> all = pending();
        all.forEach(entry -> delete(entry.unitId()));
        return all.size();
    }

    private Path file(String unitId) {
        // Unit ids are the coordinator's; keep the file name to a safe alphabet whatever they contain.
        return dir.resolve(unitId.replaceAll("[^A-Za-z0-9._-]", "_") + SUFFIX);
    }
}
