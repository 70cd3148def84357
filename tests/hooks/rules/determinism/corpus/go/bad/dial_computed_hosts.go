// expect: DET301@10 DET301@14
package e2e

import (
	"net"
	"strconv"
)

func Dial(host string, port int) (net.Conn, error) {
	return net.Dial("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
}

func DialIP(ip net.IP, port int) (*net.TCPConn, error) {
	return net.DialTCP("tcp", nil, &net.TCPAddr{IP: ip, Port: port})
}
