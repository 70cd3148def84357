// expect: none
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

class SeededRandomAndFixedDates {
    private final Random rng = new Random(42);
    private final Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

    LocalDate start() { return LocalDate.of(2020, 1, 1); }

    LocalDate today() { return LocalDate.now(clock); }

    void shuffle(List<Integer> xs) { Collections.shuffle(xs, rng); }

    UUID stableId(byte[] data) { return UUID.nameUUIDFromBytes(data); }

    String text() { return "System.currentTimeMillis() and Math.random()"; }
}
