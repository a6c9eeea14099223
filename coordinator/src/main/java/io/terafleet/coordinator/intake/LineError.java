package io.terafleet.coordinator.intake;

/**
 * One thing wrong with a submitted input file.
 *
 * @param line   1-based line number in the file, or 0 for the file as a whole
 * @param field  the JSON field at fault (e.g. {@code custom_id}), or {@code null} for the whole line
 * @param detail what is wrong, in words a person can act on
 */
public record LineError(int line, String field, String detail) {
}
