// expect: DET201@10
package sample

import (
	"math/rand"
	"testing"
)

func TestSample(t *testing.T) {
	n := rand.Intn(100)
	if Sample(n) < 0 {
		t.Fatal("negative")
	}
}
