// expect: none
package api

import (
	"net"
	"net/http"
	"testing"
)

func TestHealth(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go http.Serve(ln, NewRouter())
	port := ln.Addr().(*net.TCPAddr).Port
	resp, err := http.Get("http://127.0.0.1:" + itoa(port) + "/health")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("health: %v", err)
	}
	conn, err := net.Dial("tcp", "localhost:9090")
	if err == nil {
		conn.Close()
	}
}
