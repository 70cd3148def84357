/** The reward function: exits non-zero when any check fails. */
public final class SolutionTest {
    private static int failures = 0;

    private static void check(String name, long got, long want) {
        if (got != want) {
            failures++;
            System.out.println("FAIL " + name + ": got " + got + ", want " + want);
        } else {
            System.out.println("ok " + name);
        }
    }

    public static void main(String[] args) {
        check("empty input", Solution.solve(new int[] {}), 0);
        check("single value", Solution.solve(new int[] {7}), 7);
        check("negative values", Solution.solve(new int[] {-3, 1, -2}), -4);
        System.exit(failures == 0 ? 0 : 1);
    }
}
