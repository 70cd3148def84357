// expect: DET201@8 DET201@12
package dice

import "math/rand"

// Roll uses the auto-seeded global generator (Go >= 1.20).
func Roll() int {
	return rand.Intn(6) + 1
}

func Shuffle(xs []int) {
	rand.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
}
