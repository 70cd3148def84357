// expect: none
import java.util.function.LongSupplier;

class OwnNowMethods {
    interface Ticker { long now(); }

    private final Ticker ticker;
    private final LongSupplier clock;

    OwnNowMethods(Ticker ticker, LongSupplier clock) { this.ticker = ticker; this.clock = clock; }

    long read() { return ticker.now() + clock.getAsLong(); }

    static double random() { return 0.5; }

    double value() { return random(); }

    void build() throws Exception { new ProcessBuilder("javac", "Main.java").start(); }
}
