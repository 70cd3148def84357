// expect: DET101@9 DET101@11
package timing

import (
	"time"
)

func Elapsed(work func()) time.Duration {
	start := time.Now()
	work()
	return time.Since(start)
}
