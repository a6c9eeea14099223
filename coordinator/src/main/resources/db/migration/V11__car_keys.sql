-- Each car's own Ed25519 public key (base64 of its X.509 encoding), given at enrollment: every result such a car
-- hands back must carry its signature. Null for a car enrolled with a fleet token without a key.
ALTER TABLE cars ADD COLUMN public_key VARCHAR(100);
