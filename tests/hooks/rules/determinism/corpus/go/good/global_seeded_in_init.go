// expect: none
package sim

import "math/rand"

func init() {
	rand.Seed(1234)
}

func Step() float64 {
	return rand.Float64()
}
