package io.terafleet.coordinator.jobs;

/**
 * One input of a job to be created: the client's id for it (unique within the job) and the text
 * to embed.
 */
public record NewInput(String customId, String text) {
    public static final int MAX_CUSTOM_ID_LENGTH = 256;
    public static final int MAX_TEXT_LENGTH = 1_000_000;

    public NewInput {
        if (customId == null || customId.isEmpty()) {
            throw new IllegalArgumentException("customId: must not be empty");
        }
        if (customId.length() > MAX_CUSTOM_ID_LENGTH) {
            throw new IllegalArgumentException("customId: longer than " + MAX_CUSTOM_ID_LENGTH + " characters");
        }
        if (text == null) {
            throw new IllegalArgumentException("text: must be set (customId " + customId + ")");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("text: longer than " + MAX_TEXT_LENGTH + " characters (customId "
                    + customId + ")");
        }
    }
}
