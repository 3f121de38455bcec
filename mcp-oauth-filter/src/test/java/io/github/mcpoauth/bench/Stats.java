package io.github.mcpoauth.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles of a sample of durations in milliseconds (nearest rank). */
record Stats(int count, double totalMs, double p50, double p99) {

    static Stats of(List<Double> ms) {
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return new Stats(0, 0, Double.NaN, Double.NaN);
        }
        return new Stats(sorted.length, Arrays.stream(sorted).sum(), rank(sorted, 0.50), rank(sorted, 0.99));
    }

    private static double rank(double[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Ratios as {@code median× (min–max)}. */
    static String spread(List<Double> ratios) {
        Stats s = of(ratios);
        double min = ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return String.format(java.util.Locale.ROOT, "%.2f× (%.2f–%.2f)", s.p50(), min, max);
    }

    /** Operations per second, one after another. */
    double perSecond() {
        return count == 0 ? 0 : count / (totalMs / 1000.0);
    }
}
