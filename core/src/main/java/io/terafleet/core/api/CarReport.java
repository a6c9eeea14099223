package io.terafleet.core.api;

import java.util.List;

/**
 * What a car tells the coordinator every report period ({@code POST /v1/agent/report}), whatever it is doing:
 * every reason its owner's policy gives for not computing now (empty: it may), its battery as the car reads it,
 * and the version of the owner's policy it applies (null: the one it started with). Every field may be missing, so
 * older and newer agents and coordinators understand each other.
 *
 * @param reasons              each rule that says no, as {@code agent explain} lists them
 * @param stateOfChargePercent the battery's state of charge, 0..100
 * @param charging             whether the battery is charging now
 * @param pluggedIn            whether the charging cable is connected
 * @param policyVersion        the console-set policy the car applies, null for its own file's
 */
public record CarReport(List<Reason> reasons, Double stateOfChargePercent, Boolean charging, Boolean pluggedIn,
                        Long policyVersion) {
    /** One rule's no: its reason code (e.g. {@code soc_below_floor}) and the detail a person reads. */
    public record Reason(String reason, String detail) {
    }

    public CarReport {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
}
