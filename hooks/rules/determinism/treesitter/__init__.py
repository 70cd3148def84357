"""Determinism analysers over tree-sitter syntax trees: JS/TS, Java, Go, C/C++, Rust."""
