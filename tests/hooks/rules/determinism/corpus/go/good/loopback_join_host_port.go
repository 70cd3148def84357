// expect: none
package e2e

import (
	"net"
	"strconv"
)

func Dial(port int) (net.Conn, error) {
	return net.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
}

func DialIP(port int) (*net.TCPConn, error) {
	return net.DialTCP("tcp", nil, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port})
}
