// expect: none
package e2e

import (
	"fmt"
	"net"
	"net/http"
)

const addr = "127.0.0.1:18080"

func Probe(port int) error {
	if _, err := http.Get(fmt.Sprintf("http://localhost:%d/healthz", port)); err != nil {
		return err
	}
	c, err := net.Dial("tcp", addr)
	if err == nil {
		c.Close()
	}
	return err
}
