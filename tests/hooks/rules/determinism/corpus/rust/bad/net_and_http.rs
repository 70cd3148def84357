// expect: DET301@6 DET301@10
use std::io::Read;
use std::net::TcpStream;

pub fn raw() -> std::io::Result<TcpStream> {
    TcpStream::connect("example.com:80")
}

pub fn body(url: &str) -> String {
    reqwest::blocking::get(url).unwrap().text().unwrap()
}
