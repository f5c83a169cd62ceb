//! Generates the Kotlin and Swift bindings from the built library:
//! `cargo run -p nubo-runtime --features bindgen --bin uniffi-bindgen -- generate --library <lib> --language kotlin --out-dir <dir>`
fn main() {
    uniffi::uniffi_bindgen_main()
}
