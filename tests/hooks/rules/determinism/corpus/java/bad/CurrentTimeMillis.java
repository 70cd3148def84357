// expect: DET101@6 DET101@10
package tasks.timing;

public class CurrentTimeMillis {
    public static long stamp() {
        return System.currentTimeMillis();
    }

    public static long elapsed(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return start;
    }
}
