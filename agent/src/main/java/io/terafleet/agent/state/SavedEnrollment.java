package io.terafleet.agent.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.core.api.EnrollResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The car's enrollment (car id, credential and the private key of the car's own key pair) in
 * {@code <dir>/enrollment.json}, so that a restarted agent is the same car (and may finish and sign what it spooled)
 * instead of enrolling as a new one. Readable by its owner only.
 */
public final class SavedEnrollment {
    private static final Logger LOG = LoggerFactory.getLogger(SavedEnrollment.class);

    private final Path file;
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public SavedEnrollment(Path stateDir) {
        this.file = stateDir.resolve("enrollment.json");
    }

    public Optional<EnrollResponse> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            EnrollResponse saved = json.readValue(file.toFile(), EnrollResponse.class);
            return saved.carId() == null || saved.credential() == null ? Optional.empty() : Optional.of(saved);
        } catch (IOException e) {
            LOG.warn("ignoring unreadable saved enrollment {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /** The saved private key (base64 PKCS#8 Ed25519); empty for an enrollment saved without one. */
    public Optional<java.security.PrivateKey> privateKey() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            var key = json.readTree(file.toFile()).path("privateKey");
            return key.isTextual() ? Optional.of(io.terafleet.core.identity.CarKeys.privateKey(key.asText()))
                    : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("ignoring unreadable saved private key in {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    public void save(EnrollResponse enrollment) {
        save(enrollment, null);
    }

    /** Keeps the enrollment and the car's private key (null: none) for the next start. */
    public void save(EnrollResponse enrollment, java.security.PrivateKey privateKey) {
        try {
            var tree = json.valueToTree(enrollment);
            if (privateKey != null) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) tree).put("privateKey",
                        io.terafleet.core.identity.CarKeys.encode(privateKey));
            }
            AtomicFiles.write(file, json.writeValueAsBytes(tree));
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the enrollment to " + file, e);
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + file, e);
        }
    }
}
