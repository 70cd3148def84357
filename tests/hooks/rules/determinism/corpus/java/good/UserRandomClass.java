// expect: none
package tasks.dice;

// No import of java.util.Random: this Random is the task's own class in the same package.
class Dice {
    private final Random random = new Random();

    int roll() {
        return random.next(6);
    }
}
