package io.terafleet.core.api;

import java.util.List;

/**
 * Several completions in one call ({@code POST /v1/agent/complete-batch}): each is what
 * {@code POST /v1/agent/complete} takes for one lease, signed on its own by a car that has a key. Each is judged on
 * its own; one that is refused (a bad signature, malformed results, a lost lease) costs only itself.
 */
public record CompleteBatchRequest(List<CompleteRequest> completions) {
}
