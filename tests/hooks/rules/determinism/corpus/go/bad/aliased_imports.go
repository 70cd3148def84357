// expect: DET201@11 DET204@13
package ids

import (
	crand "crypto/rand"
	mrand "math/rand"
)

func Token() []byte {
	b := make([]byte, 8)
	b[0] = byte(mrand.Int63())
	rest := b[1:]
	crand.Read(rest)
	return b
}
