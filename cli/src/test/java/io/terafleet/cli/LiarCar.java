package io.terafleet.cli;

import io.terafleet.agent.client.CoordinatorClient;
import io.terafleet.agent.client.CoordinatorException;
import io.terafleet.agent.identity.CarSigner;
import io.terafleet.core.api.EnrollRequest;
import java.net.URI;

/**
 * A car of the operator's fleet token (its own owner) that hands back answers it never computed, round after round until stopped;
 * what it leases and what it makes up, each test says ({@link #lieOnce}). It signs its lies with its own key: it is
 * its answers, not its key, that give it away. A call the coordinator refuses makes it pause and go on.
 */
abstract class LiarCar implements Runnable {
    final CarSigner signer = CarSigner.withNewKey();
    final CoordinatorClient client;
    final String carId;
    volatile boolean running = true;

    LiarCar(URI coordinator) {
        client = new CoordinatorClient(coordinator);
        var enrolled = client.enroll(new EnrollRequest(FleetFixture.TOKEN, "liar", "HW3", null,
                signer.publicKey()));
        client.useCredential(enrolled.credential());
        carId = enrolled.carId();
    }

    /** One round: take work and answer it with made-up output. */
    abstract void lieOnce();

    @Override
    public final void run() {
        while (running) {
            try {
                lieOnce();
            } catch (CoordinatorException e) {
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
