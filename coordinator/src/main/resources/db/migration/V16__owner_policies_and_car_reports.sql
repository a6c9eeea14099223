-- The owner's policy per car, as set in the console: every version kept (who set it and when), the highest is the
-- one the car is given. The policy is core's PolicyJson text, checked before it is stored.
CREATE TABLE car_policies (
    car_id  VARCHAR(64)   NOT NULL REFERENCES cars (id),
    version BIGINT        NOT NULL,
    policy  VARCHAR(8000) NOT NULL,
    set_by  VARCHAR(80)   NOT NULL,
    set_at  BIGINT        NOT NULL,
    PRIMARY KEY (car_id, version)
);

-- A car's latest report: every reason its policy gives for not computing (JSON array), its battery, and the
-- policy version it applies. One row per car, replaced by each report.
CREATE TABLE car_reports (
    car_id         VARCHAR(64)   NOT NULL PRIMARY KEY REFERENCES cars (id),
    reasons        VARCHAR(8000) NOT NULL,
    soc_percent    DOUBLE PRECISION,
    charging       BOOLEAN,
    plugged_in     BOOLEAN,
    policy_version BIGINT,
    reported_at    BIGINT        NOT NULL
);
