-- Per car, the instant up to which its board's power has been paid for: a lease's energy bound starts at the later
-- of its grant and this instant, so a car holding many leases at once is paid for one board's power over the time
-- it was seen working, not for one board per lease.
CREATE TABLE car_energy (
    car_id     VARCHAR(64) NOT NULL PRIMARY KEY,
    paid_until BIGINT      NOT NULL
);
-- Revoking an owner revokes its enrollment grants: found by owner.
CREATE INDEX enrollment_tokens_owner_idx ON enrollment_tokens (owner_id);
