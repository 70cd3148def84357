import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Merging closed integer intervals. */
public final class Intervals {
    private Intervals() {
    }

    /**
     * Overlapping or touching intervals become one; the result is sorted by start.
     *
     * @throws IllegalArgumentException when an interval ends before it starts
     */
    public static int[][] merge(int[][] intervals) {
        int[][] sorted = new int[intervals.length][];
        for (int i = 0; i < intervals.length; i++) {
            if (intervals[i][0] > intervals[i][1]) {
                throw new IllegalArgumentException("interval " + Arrays.toString(intervals[i]) + " ends before it starts");
            }
            sorted[i] = intervals[i].clone();
        }
        Arrays.sort(sorted, Comparator.comparingInt(interval -> interval[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] interval : sorted) {
            int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && interval[0] <= last[1]) {
                last[1] = Math.max(last[1], interval[1]);
            } else {
                merged.add(interval);
            }
        }
        return merged.toArray(new int[0][]);
    }
}
