package io.terafleet.core.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A generated answer delivered to a customer, ready to charge: one choice of one request.
 *
 * @param requestId     the customer's request (a chat or text completion id, or a batch line's request id)
 * @param choice        the choice's index within the request
 * @param promptTokens  the prompt's tokens, charged at the model's prompt price
 * @param cars          the cars that generated it, each with the completion tokens it produced (one car unless
 *                      the answer was resumed on another); their owners share the owners' part by those tokens
 */
public record DeliveredAnswer(String requestId, int choice, Account payer, String model, long promptTokens,
                              List<CarTokens> cars, Instant deliveredAt) {

    /**
     * One car's part of an answer: the completion tokens it generated, and the energy paid for them (a batch answer's
     * share of the energy its lease was paid for, bounded by the car's board power × the lease's observed time; 0
     * online, where cars report none) at the owner's tariff.
     */
    public record CarTokens(String carId, String ownerId, long completionTokens, long milliWh, long microsPerKwh) {
        public CarTokens {
            Account.requireId(carId, "carId");
            Account.requireId(ownerId, "ownerId");
            if (completionTokens < 0) {
                throw new IllegalArgumentException("completionTokens: must be ≥ 0, was " + completionTokens);
            }
            if (milliWh < 0 || microsPerKwh < 0) {
                throw new IllegalArgumentException("milliWh, microsPerKwh: must be ≥ 0, were " + milliWh + ", "
                        + microsPerKwh);
            }
        }

        /** A part with no energy to pay. */
        public CarTokens(String carId, String ownerId, long completionTokens) {
            this(carId, ownerId, completionTokens, 0, 0);
        }
    }

    public DeliveredAnswer {
        if (requestId == null || requestId.isBlank() || requestId.length() > 150) {
            throw new IllegalArgumentException("requestId: 1 to 150 characters, was " + requestId);
        }
        if (choice < 0) {
            throw new IllegalArgumentException("choice: must be ≥ 0, was " + choice);
        }
        Objects.requireNonNull(payer, "payer: must not be null");
        if (payer.type() != AccountType.CUSTOMER) {
            throw new IllegalArgumentException("payer: a customer, was " + payer);
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model: must not be empty");
        }
        if (promptTokens < 0) {
            throw new IllegalArgumentException("promptTokens: must be ≥ 0, was " + promptTokens);
        }
        cars = List.copyOf(Objects.requireNonNull(cars, "cars: must not be null"));
        if (cars.isEmpty()) {
            throw new IllegalArgumentException("cars: an answer names at least the car that finished it");
        }
        Objects.requireNonNull(deliveredAt, "deliveredAt: must not be null");
    }

    public long completionTokens() {
        return cars.stream().mapToLong(CarTokens::completionTokens).sum();
    }

    /** The key this answer's charge is stored under: a retried or resumed answer is charged once. */
    public String settlementKey() {
        return "settle:gen:" + requestId + ":" + choice;
    }

    /** What the owners' credit lines point at: the answer, and the car's part of it. */
    public String resultId(CarTokens car) {
        return requestId + ":" + choice + ":" + car.carId();
    }
}
