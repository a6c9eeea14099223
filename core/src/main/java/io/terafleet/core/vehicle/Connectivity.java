package io.terafleet.core.vehicle;

/** How the car reaches the network right now; transfers may be restricted to Wi-Fi by the owner. */
public enum Connectivity {
    WIFI,
    CELLULAR,
    NONE
}
