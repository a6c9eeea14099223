package io.terafleet.agent.signals;

/** A timeline script that cannot be read; the message names the line and the field. */
public final class TimelineFormatException extends IllegalArgumentException {
    private final int line;

    public TimelineFormatException(int line, String field, String problem) {
        super("line " + line + ": " + field + ": " + problem);
        this.line = line;
    }

    private TimelineFormatException(String message, int line, Throwable cause) {
        super(message, cause);
        this.line = line;
    }

    /** The same error with the file it came from in front. */
    TimelineFormatException inFile(String file) {
        return new TimelineFormatException(file + ": " + getMessage(), line, this);
    }

    /** 1-based line number in the script. */
    public int line() {
        return line;
    }
}
