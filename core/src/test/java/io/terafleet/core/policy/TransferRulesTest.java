package io.terafleet.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.core.vehicle.Connectivity;
import io.terafleet.core.vehicle.Eligibility;
import io.terafleet.core.vehicle.ReasonCodes;
import org.junit.jupiter.api.Test;

class TransferRulesTest {
    private static final long MB = 1_000_000;

    @Test
    void wifiAlwaysOfflineNever() {
        var policy = OwnerPolicy.defaults();
        assertThat(policy.mayTransfer(500 * MB, Connectivity.WIFI, 0).isEligible()).isTrue();
        assertThat(reason(policy.mayTransfer(1, Connectivity.NONE, 0))).isEqualTo(ReasonCodes.NO_CONNECTIVITY);
    }

    @Test
    void wifiOnlyOwnersMoveNothingOverCellular() {
        var policy = OwnerPolicy.builder().wifiOnlyTransfers(true).build();
        assertThat(reason(policy.mayTransfer(1, Connectivity.CELLULAR, 0))).isEqualTo(ReasonCodes.WIFI_ONLY);
    }

    @Test
    void theMonthlyCellularCapIsNeverExceeded() {
        var policy = OwnerPolicy.builder().wifiOnlyTransfers(false).monthlyCellularCapBytes(100 * MB).build();
        assertThat(policy.mayTransfer(40 * MB, Connectivity.CELLULAR, 60 * MB).isEligible()).isTrue();
        assertThat(reason(policy.mayTransfer(40 * MB + 1, Connectivity.CELLULAR, 60 * MB)))
                .isEqualTo(ReasonCodes.CELLULAR_CAP_REACHED);
        assertThat(reason(policy.mayTransfer(1, Connectivity.CELLULAR, 120 * MB)))
                .isEqualTo(ReasonCodes.CELLULAR_CAP_REACHED);
        var uncapped = policy.toBuilder().monthlyCellularCapBytes(null).build();
        assertThat(uncapped.mayTransfer(Long.MAX_VALUE, Connectivity.CELLULAR, Long.MAX_VALUE).isEligible()).isTrue();
    }

    private static String reason(Eligibility decision) {
        return ((Eligibility.NotEligible) decision).reason();
    }
}
