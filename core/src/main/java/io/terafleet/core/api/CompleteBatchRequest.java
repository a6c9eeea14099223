package io.terafleet.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Several completions in one call ({@code POST /v1/agent/complete-batch}): each is what
 * {@code POST /v1/agent/complete} takes for one lease, signed on its own by a car that has a key. Each is judged on
 * its own; one that is refused (a bad signature, malformed results, a lost lease) costs only itself.
 *
 * @param next when set, the car's next lease request, answered in the same call once the completions are stored
 *             (as {@code POST /v1/agent/lease} would, waiting up to its {@code waitMillis} for work): one round trip
 *             per batch of units instead of two. Null: complete only.
 */
public record CompleteBatchRequest(List<CompleteRequest> completions,
                                   @JsonInclude(JsonInclude.Include.NON_NULL) LeaseRequest next) {

    public CompleteBatchRequest(List<CompleteRequest> completions) {
        this(completions, null);
    }
}
