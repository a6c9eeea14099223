package io.terafleet.core.vehicle;

/**
 * Values of VSS {@code Vehicle.Powertrain.Transmission.SelectedGear} (int8): 0 = Neutral, 1/2/.. = forward,
 * -1/-2/.. = reverse, 126 = Park, 127 = Drive.
 */
public final class Gear {
    public static final int REVERSE = -1;
    public static final int NEUTRAL = 0;
    public static final int PARK = 126;
    public static final int DRIVE = 127;

    private Gear() {
    }

    /** A short human name for a gear value, for explanations. */
    public static String describe(int gear) {
        return switch (gear) {
            case PARK -> "Park";
            case DRIVE -> "Drive";
            case NEUTRAL -> "Neutral";
            default -> gear < 0 ? "Reverse " + (-gear) : "forward gear " + gear;
        };
    }
}
