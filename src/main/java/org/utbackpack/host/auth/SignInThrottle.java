package org.utbackpack.host.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing without letting a stranger lock a real user out. Failed sign-ins are counted
 * twice: per client address (whatever usernames it tries), and per username <em>from that address</em>.
 * Past a free allowance, each further failure makes that counter wait before its next try, twice as long
 * each time up to a ceiling. A correct password from an address that is not waiting always works, so wrong
 * passwords typed elsewhere never stop the account's owner; a success clears the username's count for that
 * address. Staff and guardian sign-in each have their own throttle, so they are counted apart. An IPv6 address
 * counts as its /64 network ({@link #client}).
 */
public final class SignInThrottle {

    /**
     * @param perAccount failures of one username from one address before delays start
     * @param perAddress failures from one address, all usernames together, before delays start
     * @param firstDelay the first delay; each further failure doubles it
     * @param maxDelay   the longest delay
     * @param forgetAfter a counter with no failure for this long starts again from zero
     */
    public record Settings(int perAccount, int perAddress, Duration firstDelay, Duration maxDelay,
                           Duration forgetAfter) {
        public static Settings defaults() {
            return new Settings(5, 20, Duration.ofSeconds(2), Duration.ofMinutes(15), Duration.ofHours(1));
        }
    }

    /** Why a sign-in may not be tried now, and for how long. */
    public record Wait(boolean perAccount, Duration duration) {
        /** Whole seconds, at least one, for a sentence and a Retry-After header. */
        public long seconds() {
            return Math.max(1, (duration.toMillis() + 999) / 1000);
        }
    }

    private record Counter(int failures, Instant last, Instant notBefore) {
    }

    /**
     * The most counters kept, so guessing from many addresses cannot fill the memory: past it, forgotten ones are
     * dropped, and if that is not enough (many addresses failing within the hour) the ones quiet longest, down to
     * three quarters of it. Each is small whatever was typed: the username is kept as its SHA-256.
     */
    static final int MAX_COUNTERS = 100_000;

    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final Settings settings;
    private final Clock clock;

    public SignInThrottle(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Empty when this username may be tried from this address now. */
    public Optional<Wait> check(String username, String address) {
        Instant now = clock.instant();
        Optional<Duration> account = waiting(accountKey(username, address), now);
        if (account.isPresent()) {
            return Optional.of(new Wait(true, account.get()));
        }
        return waiting(addressKey(address), now).map(d -> new Wait(false, d));
    }

    public void failed(String username, String address) {
        if (counters.size() >= MAX_COUNTERS) {
            makeRoom();
        }
        count(accountKey(username, address), settings.perAccount());
        count(addressKey(address), settings.perAddress());
    }

    /** A correct password: the username's count from this address starts again (the address's does not). */
    public void succeeded(String username, String address) {
        counters.remove(accountKey(username, address));
    }

    private Optional<Duration> waiting(String key, Instant now) {
        Counter c = counters.get(key);
        if (c == null || c.notBefore() == null || !now.isBefore(c.notBefore())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, c.notBefore()));
    }

    private void count(String key, int free) {
        Instant now = clock.instant();
        counters.compute(key, (k, c) -> {
            int failures = c == null || forgotten(c, now) ? 1 : c.failures() + 1;
            return new Counter(failures, now, failures < free ? null : now.plus(delay(failures - free)));
        });
    }

    private Duration delay(int over) {
        Duration max = settings.maxDelay();
        if (over >= 30) {
            return max;
        }
        Duration d = settings.firstDelay().multipliedBy(1L << over);
        return d.compareTo(max) > 0 ? max : d;
    }

    private boolean forgotten(Counter c, Instant now) {
        return c.last().plus(settings.forgetAfter()).isBefore(now)
                && (c.notBefore() == null || !now.isBefore(c.notBefore()));
    }

    private synchronized void makeRoom() {
        if (counters.size() < MAX_COUNTERS) {
            return; // another failure made room meanwhile
        }
        Instant now = clock.instant();
        counters.entrySet().removeIf(e -> forgotten(e.getValue(), now));
        int keep = MAX_COUNTERS * 3 / 4;
        if (counters.size() > keep) {
            List<Map.Entry<String, Counter>> quietFirst = new ArrayList<>(counters.entrySet());
            quietFirst.sort(Comparator.comparing(e -> e.getValue().last()));
            for (Map.Entry<String, Counter> e : quietFirst.subList(0, quietFirst.size() - keep)) {
                counters.remove(e.getKey(), e.getValue());
            }
        }
    }

    /** How many counters are kept now (tests). */
    int counters() {
        return counters.size();
    }

    /** The characters the kept counters' keys hold (tests). */
    long keptCharacters() {
        return counters.keySet().stream().mapToLong(String::length).sum();
    }

    /**
     * The client an address stands for: an IPv4 address itself, an IPv6 address its /64 network, since one home
     * or one server is handed a whole /64 and could take a new address for every few guesses.
     */
    static String client(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        String literal = address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address;
        try {
            // a literal with ':' is parsed, never looked up; an IPv4-mapped address comes back as IPv4
            InetAddress parsed = InetAddress.getByName(literal);
            byte[] bytes = parsed.getAddress();
            if (bytes.length == 4) {
                return parsed.getHostAddress();
            }
            return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private static String accountKey(String username, String address) {
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "u:" + Base64.getEncoder().withoutPadding().encodeToString(digest) + "@" + client(address);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String addressKey(String address) {
        return "a:" + client(address);
    }
}
