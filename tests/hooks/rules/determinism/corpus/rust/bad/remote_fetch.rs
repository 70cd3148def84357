// expect: DET301@3 DET301@7
fn index(url: &str) -> String {
    reqwest::blocking::get(url).unwrap().text().unwrap()
}

fn crates() -> String {
    reqwest::blocking::get("https://crates.io/api/v1/crates?q=serde").unwrap().text().unwrap()
}
