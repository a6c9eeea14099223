package io.terafleet.coordinator.intake;

import java.util.List;

/** The outcome of reading an input file: every input, or every reason it was refused. */
public sealed interface ParsedInputs {
    record Accepted(List<JobInput> inputs) implements ParsedInputs {
    }

    /** @param omitted errors past {@link InputLimits#maxErrors()} that were counted but not listed */
    record Rejected(List<LineError> errors, int omitted) implements ParsedInputs {
    }

    /** One accepted line: the client's id for it and the text to embed. */
    record JobInput(String customId, String text) {
    }
}
