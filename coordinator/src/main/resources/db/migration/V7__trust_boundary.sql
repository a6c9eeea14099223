-- The trust boundary: energy claims bounded by what the coordinator observed, and the fleet's own figure.

-- What the car claimed for a lease; energy_wh keeps what is paid (bounded by hardware power x observed time,
-- and by the fleet median for the model and hardware class).
ALTER TABLE leases ADD COLUMN energy_claimed_wh DOUBLE PRECISION;

-- A running median of the energy per input the fleet reports, per model and hardware class (updated in O(1)
-- per lease by a stochastic-approximation step; claims far above it are paid at it).
CREATE TABLE energy_medians (
    model              VARCHAR(200)     NOT NULL,
    hardware_class     VARCHAR(100)     NOT NULL,
    milli_wh_per_input DOUBLE PRECISION NOT NULL,
    samples            BIGINT           NOT NULL,
    updated_at         BIGINT           NOT NULL,
    PRIMARY KEY (model, hardware_class)
);

-- Revocation: a revoked enrollment token enrolls no car; a revoked car's credential hash is replaced, so it
-- authenticates nothing, and revoked_at says when.
ALTER TABLE enrollment_tokens ADD COLUMN revoked_at BIGINT;
ALTER TABLE cars ADD COLUMN revoked_at BIGINT;

-- Enrollment grants: a token may be issued for one owner (its cars are that owner's, whatever they say),
-- limited in uses and in time. Tokens from the coordinator's configuration have none of these limits.
ALTER TABLE enrollment_tokens ADD COLUMN owner_id VARCHAR(64);
ALTER TABLE enrollment_tokens ADD COLUMN max_uses INTEGER;
ALTER TABLE enrollment_tokens ADD COLUMN uses INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE enrollment_tokens ADD COLUMN expires_at BIGINT;
