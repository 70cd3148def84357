package intervals_test

import (
	"errors"
	"math/rand"
	"reflect"
	"testing"

	"example.com/intervals"
)

type iv = intervals.Interval

func mustMerge(t *testing.T, in []iv) []iv {
	t.Helper()
	got, err := intervals.Merge(in)
	if err != nil {
		t.Fatalf("Merge(%v) failed: %v", in, err)
	}
	return got
}

func points(in []iv) map[int]bool {
	covered := map[int]bool{}
	for _, x := range in {
		for p := x.Start; p <= x.End; p++ {
			covered[p] = true
		}
	}
	return covered
}

func TestEmpty(t *testing.T) {
	if got := mustMerge(t, nil); len(got) != 0 {
		t.Fatalf("got %v, want none", got)
	}
}

func TestExamples(t *testing.T) {
	cases := []struct{ in, want []iv }{
		{[]iv{{3, 7}}, []iv{{3, 7}}},
		{[]iv{{4, 4}}, []iv{{4, 4}}},
		{[]iv{{1, 3}, {2, 6}, {8, 10}, {15, 18}}, []iv{{1, 6}, {8, 10}, {15, 18}}},
		{[]iv{{1, 10}, {2, 3}}, []iv{{1, 10}}},
		{[]iv{{1, 4}, {4, 5}}, []iv{{1, 5}}},
		{[]iv{{1, 2}, {3, 4}}, []iv{{1, 2}, {3, 4}}},
		{[]iv{{-5, -3}, {-1, 0}}, []iv{{-5, -3}, {-1, 0}}},
		{[]iv{{8, 9}, {1, 2}, {5, 6}, {2, 3}}, []iv{{1, 3}, {5, 6}, {8, 9}}},
	}
	for _, c := range cases {
		if got := mustMerge(t, c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Merge(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestInputNotModified(t *testing.T) {
	in := []iv{{8, 9}, {1, 2}}
	mustMerge(t, in)
	if !reflect.DeepEqual(in, []iv{{8, 9}, {1, 2}}) {
		t.Fatalf("input changed to %v", in)
	}
}

func TestReversed(t *testing.T) {
	if _, err := intervals.Merge([]iv{{1, 2}, {5, 4}}); !errors.Is(err, intervals.ErrReversed) {
		t.Fatalf("got error %v, want ErrReversed", err)
	}
}

func TestAgreesWithPointOracle(t *testing.T) {
	rng := rand.New(rand.NewSource(12345))
	for round := 0; round < 300; round++ {
		in := make([]iv, rng.Intn(7))
		for i := range in {
			start := rng.Intn(30) - 10
			in[i] = iv{start, start + rng.Intn(6)}
		}
		got := mustMerge(t, in)
		for i := 1; i < len(got); i++ {
			if got[i].Start <= got[i-1].End {
				t.Fatalf("Merge(%v) = %v: not sorted and disjoint", in, got)
			}
		}
		if !reflect.DeepEqual(points(got), points(in)) {
			t.Fatalf("Merge(%v) = %v covers different points", in, got)
		}
	}
}
