package io.terafleet.agent.policy;

import io.terafleet.core.policy.OwnerPolicy;
import io.terafleet.core.policy.json.PolicyJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an owner's policy from a JSON file ({@code terafleet agent --policy FILE}). The format and its checks are
 * core's {@link PolicyJson}, the same the owner's console saves with; every error names the field, and here the
 * file too.
 */
public final class OwnerPolicyFile {
    private OwnerPolicyFile() {
    }

    public static OwnerPolicy load(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (PolicyFileException e) {
            throw new PolicyFileException(file + ": " + e.getMessage(), e);
        }
    }

    public static OwnerPolicy parse(String json) {
        return switch (PolicyJson.read(json)) {
            case PolicyJson.Valid valid -> valid.policy();
            case PolicyJson.Invalid invalid -> throw new PolicyFileException(invalid.message());
        };
    }

    /** The policy as the JSON {@link #parse} reads, every field written out. */
    public static String format(OwnerPolicy policy) {
        return PolicyJson.format(policy);
    }
}
