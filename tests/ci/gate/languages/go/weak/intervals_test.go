package intervals_test

import (
	"testing"

	"example.com/intervals"
)

// Only that an answer comes back without an error, never longer than the input.
func TestReturnsWithoutError(t *testing.T) {
	got, err := intervals.Merge([]intervals.Interval{{Start: 1, End: 3}, {Start: 2, End: 6}})
	if err != nil || len(got) > 2 {
		t.Fatalf("got %v, %v", got, err)
	}
}

func TestEmptyInput(t *testing.T) {
	if _, err := intervals.Merge(nil); err != nil {
		t.Fatal(err)
	}
}
