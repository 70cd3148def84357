// expect: DET301@11
package api

import (
	"net/http"
	"os"
	"testing"
)

func TestRemote(t *testing.T) {
	resp, err := http.Get(os.Getenv("UPSTREAM") + "/v1")
	if err != nil {
		t.Skip(err)
	}
	resp.Body.Close()
}
