#!/usr/bin/env bash
# What the operator page's fleet table costs the store: the console's cars-by-class query (ConsoleViews.fleet)
# over N synthetic cars (a tenth with an open lease, a fifth with an ended one) on PostgreSQL, run twice, timed
# by psql; the tables' sizes with it. Uses (and drops) a scratch database on 127.0.0.1:5432 as user postgres.
set -euo pipefail
db=terafleet_fleet_cost
psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" postgres
for n in "$@"; do
  echo "== $n cars"
  psql -q -h 127.0.0.1 -U postgres -v n="$n" "$db" <<'SQL' | grep -E 'Time: |HW|size|---'
\timing on
DROP TABLE IF EXISTS leases; DROP TABLE IF EXISTS cars;
CREATE TABLE cars (id VARCHAR(64) PRIMARY KEY, hardware_class VARCHAR(32), last_eligible BOOLEAN, revoked_at BIGINT);
CREATE TABLE leases (id VARCHAR(64) PRIMARY KEY, car_id VARCHAR(64), ended_at BIGINT);
INSERT INTO cars SELECT 'car-' || g, CASE g % 3 WHEN 0 THEN 'HW3' WHEN 1 THEN 'HW4' ELSE 'HW5' END, g % 4 <> 0,
  CASE WHEN g % 1000 = 0 THEN 1 END FROM generate_series(1, :n) g;
INSERT INTO leases SELECT 'open-' || g, 'car-' || (g * 10), NULL FROM generate_series(1, :n / 10) g;
INSERT INTO leases SELECT 'ended-' || g, 'car-' || (g * 5), 5 FROM generate_series(1, :n / 5) g;
CREATE INDEX leases_car_open_idx ON leases (car_id, ended_at);
VACUUM ANALYZE cars;
VACUUM ANALYZE leases;
\echo cars-by-class, twice
SELECT hardware_class, COUNT(*), SUM(CASE WHEN last_eligible AND revoked_at IS NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN revoked_at IS NOT NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN EXISTS (SELECT 1 FROM leases l WHERE l.car_id = cars.id AND l.ended_at IS NULL) THEN 1 ELSE 0 END)
  FROM cars GROUP BY hardware_class ORDER BY hardware_class;
SELECT hardware_class, COUNT(*), SUM(CASE WHEN last_eligible AND revoked_at IS NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN revoked_at IS NOT NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN EXISTS (SELECT 1 FROM leases l WHERE l.car_id = cars.id AND l.ended_at IS NULL) THEN 1 ELSE 0 END)
  FROM cars GROUP BY hardware_class ORDER BY hardware_class;
SELECT pg_size_pretty(pg_total_relation_size('cars')) AS cars_size, pg_size_pretty(pg_total_relation_size('leases')) AS leases_size;
SQL
done
psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $db" postgres
