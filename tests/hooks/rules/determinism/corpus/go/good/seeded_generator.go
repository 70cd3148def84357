// expect: none
package dice

import (
	"math/rand"
	"time"
)

// time.Now() and rand.Intn() in comments do not count.
func Roll(seed int64) int {
	r := rand.New(rand.NewSource(42))
	_ = seed
	return r.Intn(6) + 1
}

var Epoch = time.Unix(0, 0)

func Day(n int) time.Time { return time.Date(2020, 1, n, 0, 0, 0, 0, time.UTC) }

const msg = "rand.Intn(3) and time.Now()"
