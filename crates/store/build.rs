//! `embed_migrations!` reads `migrations/` at compile time, but cargo only tracks the files it
//! read: a new migration directory left a build "fresh" without it. Watching the directory
//! makes any change there rebuild this crate.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
