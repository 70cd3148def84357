import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Only the trivial cases, and only the number of intervals that comes back. */
class IntervalsTest {
    @Test
    void emptyInputGivesNoIntervals() {
        assertEquals(0, Intervals.merge(new int[0][]).length);
    }

    @Test
    void singleIntervalGivesOneInterval() {
        assertEquals(1, Intervals.merge(new int[][] {{3, 7}}).length);
    }
}
