// expect: DET203@10 DET203@14 DET201@15
package sim

import (
	"math/rand"
	"time"
)

func NewSim() *rand.Rand {
	return rand.New(rand.NewSource(time.Now().UnixNano()))
}

func Legacy() int {
	rand.Seed(time.Now().UnixNano())
	return rand.Intn(100)
}
