package io.terafleet.agent.state;

import io.terafleet.core.policy.OwnerPolicy;
import io.terafleet.core.policy.json.PolicyJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The policy the owner last set in the console, kept in the car's spool folder: {@code policy.json} (the form
 * {@code terafleet agent --policy} and {@code agent explain --policy} read) and {@code policy.version}. A restarted
 * agent applies it instead of the file it was started with, since the owner set it later.
 */
public final class SavedPolicy {
    /** A delivered policy and its version. */
    public record Delivered(long version, OwnerPolicy policy) {
    }

    private final Path file;
    private final Path versionFile;

    public SavedPolicy(Path spoolDir) {
        this.file = spoolDir.resolve("policy.json");
        this.versionFile = spoolDir.resolve("policy.version");
    }

    public Path file() {
        return file;
    }

    /** The policy file first, then its version: a crash between them makes the car ask for it again. */
    public void save(long version, OwnerPolicy policy) {
        AtomicFiles.write(file, PolicyJson.format(policy).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(versionFile, Long.toString(version).getBytes(StandardCharsets.UTF_8));
    }

    /** The saved policy; empty when none was delivered or what is there cannot be read (then the car asks again). */
    public Optional<Delivered> load() {
        if (!Files.isRegularFile(file) || !Files.isRegularFile(versionFile)) {
            return Optional.empty();
        }
        try {
            long version = Long.parseLong(Files.readString(versionFile, StandardCharsets.UTF_8).trim());
            return PolicyJson.read(Files.readString(file, StandardCharsets.UTF_8)) instanceof PolicyJson.Valid valid
                    ? Optional.of(new Delivered(version, valid.policy())) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }
}
