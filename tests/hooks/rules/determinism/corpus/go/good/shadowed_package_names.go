// expect: none
package sim

import (
	"math/rand"
	"time"
)

type Clock interface{ Now() time.Time }

func Run(clock Clock) int {
	start := clock.Now()
	rand := rand.New(rand.NewSource(7))
	_ = start
	return rand.Intn(10)
}

func Later(time time.Duration) time.Duration { return time * 2 }
