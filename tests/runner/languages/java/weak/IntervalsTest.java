import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Only the shape of the answer: an array of pairs, never longer than the input. */
class IntervalsTest {
    @Test
    void returnsAnArray() {
        assertNotNull(Intervals.merge(new int[0][]));
    }

    @Test
    void returnsPairs() {
        for (int[] pair : Intervals.merge(new int[][] {{1, 3}, {2, 6}})) {
            assertTrue(pair.length == 2);
        }
    }

    @Test
    void neverReturnsMoreIntervalsThanGiven() {
        assertTrue(Intervals.merge(new int[][] {{1, 3}, {2, 6}, {8, 10}}).length <= 3);
    }
}
