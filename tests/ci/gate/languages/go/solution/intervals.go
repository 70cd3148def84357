// Package intervals merges closed integer intervals.
package intervals

import (
	"errors"
	"sort"
)

// Interval is a closed range [Start, End].
type Interval struct {
	Start, End int
}

// ErrReversed is returned for an interval that ends before it starts.
var ErrReversed = errors.New("interval ends before it starts")

// Merge joins overlapping or touching intervals; the result is sorted by start.
// The input is not modified.
func Merge(intervals []Interval) ([]Interval, error) {
	sorted := make([]Interval, len(intervals))
	for i, iv := range intervals {
		if iv.Start > iv.End {
			return nil, ErrReversed
		}
		sorted[i] = iv
	}
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	merged := []Interval{}
	for _, iv := range sorted {
		last := len(merged) - 1
		if last >= 0 && iv.Start <= merged[last].End {
			if iv.End > merged[last].End {
				merged[last].End = iv.End
			}
			continue
		}
		merged = append(merged, iv)
	}
	return merged, nil
}
