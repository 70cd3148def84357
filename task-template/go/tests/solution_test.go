// The reward function: every test must pass on the ground truth and fail on wrong answers.
package tests

import (
	"testing"

	"task/solution"
)

func TestSolve(t *testing.T) {
	cases := []struct {
		name   string
		values []int
		want   int
	}{
		{"empty input", nil, 0},
		{"single value", []int{7}, 7},
		{"negative values", []int{-3, 1, -2}, -4},
	}
	for _, c := range cases {
		if got := solution.Solve(c.values); got != c.want {
			t.Errorf("%s: Solve(%v) = %d, want %d", c.name, c.values, got, c.want)
		}
	}
}
