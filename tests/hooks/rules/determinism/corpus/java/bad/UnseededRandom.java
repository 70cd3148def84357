// expect: DET202@8 DET201@12 DET204@16
import java.util.Random;
import java.util.UUID;

public class UnseededRandom {
    private final Random rng;

    public UnseededRandom() { this.rng = new Random(); }

    public int roll() { return rng.nextInt(6) + 1; }

    public double coin() { return Math.random(); }

    public String id() {
        // UUID.randomUUID() in a comment does not count; the call below does.
        return UUID.randomUUID().toString();
    }
}
