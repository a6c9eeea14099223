-- Each car's own Ed25519 public key (base64 of its X.509 encoding), given at enrollment: every result such a car
-- hands back must carry its signature. Null for a car enrolled with a fleet token without a key.
ALTER TABLE cars ADD COLUMN public_key VARCHAR(100);

-- Owners as the operator knows them (named by an enrollment grant) are on probation until their first car is old
-- enough and their cars have enough verified units; then trusted; quarantined when one of their cars is. Owners
-- of the operator's own fleet (cars of configured fleet tokens) have no row and are not on probation.
CREATE TABLE owner_trust (
    owner_id       VARCHAR(64) NOT NULL PRIMARY KEY,
    standing       VARCHAR(16) NOT NULL,
    first_car_at   BIGINT      NOT NULL,
    verified_units BIGINT      NOT NULL,
    updated_at     BIGINT      NOT NULL
);
