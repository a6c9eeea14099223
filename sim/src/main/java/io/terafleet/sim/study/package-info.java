/**
 * Studies built on the fleet simulator: which assumption moves capacity and earnings most (sensitivity), and
 * every built-in scenario, season and workload side by side (the matrix). Both run samples of cars standing for
 * a bigger fleet, with demand scaled to the sample.
 */
package io.terafleet.sim.study;
