package io.terafleet.core.api;

/** One input of a unit; {@code index} is its 0-based position in the job's input file. */
public record UnitInput(int index, String text) {
}
