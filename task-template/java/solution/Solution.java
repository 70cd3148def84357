/** {{ground_truth}} */
public final class Solution {
    private Solution() {}

    public static long solve(int[] values) {
        long total = 0;
        for (int value : values) {
            total += value;
        }
        return total;
    }
}
