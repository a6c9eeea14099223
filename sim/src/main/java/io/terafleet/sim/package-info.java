/**
 * Simulation: the deterministic harness (the coordinator's real logic and simulated cars on a virtual clock,
 * with seeded faults) and the whole-fleet capacity simulator.
 */
package io.terafleet.sim;
