-- Enrollments admitted per grant and per source in each minute, shared by every coordinator on the store, so the
-- enrollment limits hold for the cluster rather than per process. scope is 'grant' (subject: the token's SHA-256)
-- or 'source' (subject: an IPv4 address or an IPv6 /64). Rows older than the previous minute are deleted as
-- minutes pass.
CREATE TABLE enrollment_counts (
    scope     VARCHAR(8)  NOT NULL,
    subject   VARCHAR(80) NOT NULL,
    at_minute BIGINT      NOT NULL,
    admitted  INTEGER     NOT NULL,
    PRIMARY KEY (scope, subject, at_minute)
);
CREATE INDEX enrollment_counts_minute_idx ON enrollment_counts (at_minute);
