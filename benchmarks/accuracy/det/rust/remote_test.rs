// expect: DET301@5
#[test]
fn fetch_index() {
    let host = std::env::var("REGISTRY").unwrap();
    let stream = std::net::TcpStream::connect(host).unwrap();
    drop(stream);
}
