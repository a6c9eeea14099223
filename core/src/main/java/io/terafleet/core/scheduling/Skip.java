package io.terafleet.core.scheduling;

/** Why a job's work was not offered to a car: an expected outcome, not an error. */
public enum Skip {
    /** The car cannot run the job's model. */
    MODEL_NOT_RUNNABLE,
    /** The car's computer lacks the memory or accelerator the model needs. */
    HARDWARE,
    /** The car would have to download the model over cellular. */
    NO_DOWNLOAD_ON_CELLULAR,
    /** Not even the smallest unit would finish before the car's departure. */
    DEPARTURE
}
