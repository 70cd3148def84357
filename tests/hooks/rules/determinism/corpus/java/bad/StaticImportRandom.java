// expect: DET201@7 DET201@11
import static java.lang.Math.random;
import java.util.*;

class StaticImportRandom {
    double noise() {
        return random() * 2 - 1;
    }

    void mix(List<String> deck) {
        Collections.shuffle(deck);
    }
}
