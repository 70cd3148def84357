// expect: none
use std::net::TcpStream;

const ADDR: &str = "127.0.0.1:7878";

fn ping(port: u16) -> std::io::Result<()> {
    let _a = TcpStream::connect(ADDR)?;
    let _b = TcpStream::connect(format!("localhost:{}", port))?;
    let _c = TcpStream::connect(("::1", port))?;
    Ok(())
}
