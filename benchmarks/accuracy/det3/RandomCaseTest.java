// expect: DET202@8
import java.util.Random;
import org.junit.jupiter.api.Test;

class RandomCaseTest {
    @Test
    void sortsRandomInput() {
        Random rng = new Random();
        int[] xs = rng.ints(100).toArray();
        assert Sorter.isSorted(Sorter.sort(xs));
    }
}
