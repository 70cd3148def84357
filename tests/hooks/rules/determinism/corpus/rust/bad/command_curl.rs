// expect: DET302@5 DET302@9
use std::process::Command;

pub fn download(url: &str) {
    Command::new("curl").arg("-sSLO").arg(url).status().unwrap();
}

pub fn install() {
    Command::new("sh").args(["-c", "cargo install ripgrep"]).status().unwrap();
}
