// expect: DET301@11 DET301@19
package client

import (
	"io"
	"net"
	"net/http"
)

func Get(url string) ([]byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

func Dial() (net.Conn, error) {
	return net.Dial("tcp", "example.com:80")
}
