package io.terafleet.core.policy.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.core.policy.OwnerPolicy;
import org.junit.jupiter.api.Test;

/** Reading a policy gives the policy or the error as a value naming the policy field at fault. */
class PolicyJsonTest {
    @Test
    void aValidPolicyReadsAndWritesBackTheSame() {
        var read = PolicyJson.read("{\"optedIn\": true, \"minStateOfChargePercent\": 60, \"allowedWindows\": [\"22:00-07:00\"]}");
        assertThat(read).isInstanceOf(PolicyJson.Valid.class);
        OwnerPolicy policy = ((PolicyJson.Valid) read).policy();
        assertThat(policy.minStateOfChargePercent()).isEqualTo(60);
        assertThat(PolicyJson.parse(PolicyJson.format(policy))).isEqualTo(policy);
    }

    @Test
    void eachErrorNamesTheTopLevelFieldAtFault() {
        assertThat(field("{\"minStateOfChargePercent\": 150}")).isEqualTo("minStateOfChargePercent");
        assertThat(field("{\"minStateOfChargePercent\": \"lots\"}")).isEqualTo("minStateOfChargePercent");
        assertThat(field("{\"zone\": \"Mars/Olympus\"}")).isEqualTo("zone");
        assertThat(field("{\"allowedWindows\": [\"25:00-26:00\"]}")).isEqualTo("allowedWindows");
        assertThat(field("{\"tariff\": {\"basePricePerKwh\": 0.3, \"bands\": [{\"window\": \"x\", \"pricePerKwh\": 1}]}}"))
                .isEqualTo("tariff");
        assertThat(field("{\"maxPricePerKwh\": 0.2}")).as("needs a tariff").isEqualTo("maxPricePerKwh");
        assertThat(field("{\"optedln\": true}")).as("an unknown field is not a field").isEqualTo("policy");
        assertThat(field("[1]")).isEqualTo("policy");
        assertThat(field("{")).isEqualTo("policy");
    }

    private static String field(String json) {
        return ((PolicyJson.Invalid) PolicyJson.read(json)).field();
    }
}
