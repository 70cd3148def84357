// expect: DET203@6 DET202@10
import java.util.*;
import java.util.concurrent.ThreadLocalRandom;

class SeededFromClock {
    Random rng = new Random(System.currentTimeMillis());

    int pick(List<Integer> xs) {
        Collections.sort(xs);
        return xs.get(ThreadLocalRandom.current().nextInt(xs.size()));
    }
}
