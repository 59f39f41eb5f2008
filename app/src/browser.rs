//! The browser's window, where there is one. The app also renders off the browser (the
//! host-render test below, and the server-side rendering of public pages to come), where
//! every web API is missing and calling one panics: reach the window only through here.

pub fn window() -> Option<web_sys::Window> {
    if cfg!(target_arch = "wasm32") {
        web_sys::window()
    } else {
        None
    }
}
