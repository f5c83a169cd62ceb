//! The Crux app. (being written)
pub struct NuboApp;
pub enum Event {}
pub struct Model;
pub struct ViewModel;
