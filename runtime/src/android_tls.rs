//! The entry point Android calls once at start, before any request: the
//! platform verifier reqwest uses for TLS asks Android's own trust manager
//! (the device's certificates, the member's added ones), which it can only
//! reach through the application Context. Without it the first handshake
//! panics and no HTTPS request ever succeeds.
//!
//! Exported on every target so the JVM tests load and call the very symbol
//! the app calls; elsewhere the verifier finds its trust store unaided and
//! this does nothing.

use jni::errors::ThrowRuntimeExAndDefault;
use jni::objects::{JClass, JObject};
use jni::{Env, EnvUnowned};

/// `coop.nubo.companion.core.PlatformTls.installContext(context)`.
#[jni::jni_mangle("coop.nubo.companion.core.PlatformTls")]
pub fn install_context<'caller>(mut env: EnvUnowned<'caller>, _class: JClass<'caller>, context: JObject<'caller>) {
    // A failure becomes a Java RuntimeException the shell sees at start,
    // not a panic across the FFI.
    env.with_env(|env| init_verifier(env, context)).resolve::<ThrowRuntimeExAndDefault>();
}

#[cfg(target_os = "android")]
fn init_verifier(env: &mut Env, context: JObject) -> Result<(), jni::errors::Error> {
    rustls_platform_verifier::android::init_with_env(env, context)
}

#[cfg(not(target_os = "android"))]
fn init_verifier(_env: &mut Env, _context: JObject) -> Result<(), jni::errors::Error> {
    Ok(())
}
