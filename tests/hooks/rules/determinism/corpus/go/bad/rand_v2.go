// expect: DET201@7
package pick

import "math/rand/v2"

func Pick(xs []string) string {
	return xs[rand.IntN(len(xs))]
}
