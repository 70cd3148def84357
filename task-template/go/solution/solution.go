// Package solution: {{ground_truth}}
package solution

// Solve returns the sum of values.
func Solve(values []int) int {
	total := 0
	for _, value := range values {
		total += value
	}
	return total
}
