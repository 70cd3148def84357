// expect: none
use std::net::{Ipv4Addr, SocketAddr, TcpStream};

fn connect(port: u16) -> std::io::Result<TcpStream> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let _again = TcpStream::connect((Ipv4Addr::new(127, 0, 0, 1), port))?;
    TcpStream::connect(addr)
}
