package org.utbackpack.host.utrex;

import java.util.List;
import java.util.Random;

/**
 * Deterministic randomness. Each part of a document draws from its own stream, named by strings, so
 * changing how one part is generated does not reshuffle the others.
 */
final class Dice {

    private final Random random;

    private Dice(long seed) {
        this.random = new Random(seed);
    }

    /** A stream named by its parts, e.g. ("1234567", "teachers"). */
    static Dice of(String... parts) {
        return new Dice(seed(parts));
    }

    static long seed(String... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (String part : parts) {
            for (int i = 0; i < part.length(); i++) {
                h = mix(h + part.charAt(i));
            }
            h = mix(h + 0x1F);
        }
        return h;
    }

    /** SplitMix64 finaliser: spreads similar inputs (consecutive SSIDs) far apart. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [lo, hi], both inclusive. */
    int between(int lo, int hi) {
        return lo + random.nextInt(hi - lo + 1);
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    double unit() {
        return random.nextDouble();
    }

    /** Standard normal, clamped to +-3 so no score runs away. */
    double normal() {
        return Math.max(-3, Math.min(3, random.nextGaussian()));
    }

    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** Picks by weight; weights need not sum to one. */
    <T> T weighted(List<T> items, double... weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double roll = random.nextDouble() * total;
        for (int i = 0; i < items.size(); i++) {
            roll -= weights[i];
            if (roll < 0) {
                return items.get(i);
            }
        }
        return items.get(items.size() - 1);
    }
}
