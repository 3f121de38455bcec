package io.github.mcpoauth.bench;

import java.util.List;

/**
 * One batch of flows of one client: the milliseconds each flow took, and the CPU time its whole
 * process used during the batch (milliseconds; JIT compilation and garbage collection included).
 */
record FlowBatch(List<Double> ms, double cpuMs) {
}
