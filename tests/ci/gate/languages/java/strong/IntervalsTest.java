import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IntervalsTest {
    private static TreeSet<Integer> points(int[][] intervals) {
        TreeSet<Integer> covered = new TreeSet<>();
        for (int[] interval : intervals) {
            for (int x = interval[0]; x <= interval[1]; x++) {
                covered.add(x);
            }
        }
        return covered;
    }

    @Test
    void emptyInputGivesNoIntervals() {
        assertEquals(0, Intervals.merge(new int[0][]).length);
    }

    @Test
    void singleIntervalComesBackUnchanged() {
        assertArrayEquals(new int[][] {{3, 7}}, Intervals.merge(new int[][] {{3, 7}}));
        assertArrayEquals(new int[][] {{4, 4}}, Intervals.merge(new int[][] {{4, 4}}));
    }

    @Test
    void overlappingNestedAndTouchingIntervalsMerge() {
        assertArrayEquals(new int[][] {{1, 6}, {8, 10}, {15, 18}}, Intervals.merge(new int[][] {{1, 3}, {2, 6}, {8, 10}, {15, 18}}));
        assertArrayEquals(new int[][] {{1, 10}}, Intervals.merge(new int[][] {{1, 10}, {2, 3}}));
        assertArrayEquals(new int[][] {{1, 5}}, Intervals.merge(new int[][] {{1, 4}, {4, 5}}));
    }

    @Test
    void gapOfOneKeepsIntervalsApart() {
        assertArrayEquals(new int[][] {{1, 2}, {3, 4}}, Intervals.merge(new int[][] {{1, 2}, {3, 4}}));
        assertArrayEquals(new int[][] {{-5, -3}, {-1, 0}}, Intervals.merge(new int[][] {{-5, -3}, {-1, 0}}));
    }

    @Test
    void unsortedInputIsSortedAndNotMutated() {
        int[][] input = {{8, 9}, {1, 2}, {5, 6}, {2, 3}};
        assertArrayEquals(new int[][] {{1, 3}, {5, 6}, {8, 9}}, Intervals.merge(input));
        assertArrayEquals(new int[][] {{8, 9}, {1, 2}, {5, 6}, {2, 3}}, input);
    }

    @Test
    void reversedIntervalIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Intervals.merge(new int[][] {{1, 2}, {5, 4}}));
    }

    @Test
    void agreesWithPointOracle() {
        Random random = new Random(12345);
        for (int round = 0; round < 300; round++) {
            int[][] input = new int[random.nextInt(7)][];
            for (int i = 0; i < input.length; i++) {
                int start = random.nextInt(30) - 10;
                input[i] = new int[] {start, start + random.nextInt(6)};
            }
            int[][] got = Intervals.merge(input);
            for (int i = 1; i < got.length; i++) {
                assertTrue(got[i][0] > got[i - 1][1], "sorted and disjoint");
            }
            assertEquals(points(input), points(got));
        }
    }
}
