//! Line icons: one 24×24 grid and stroke style, drawn in the text colour and hidden from
//! screen readers (the control around an icon carries its label).

use dioxus::prelude::*;

#[component]
pub fn Icon(
    #[props(default = 24)] size: u32,
    #[props(default)] class: String,
    children: Element,
) -> Element {
    rsx! {
        svg {
            class,
            view_box: "0 0 24 24",
            width: "{size}",
            height: "{size}",
            fill: "none",
            stroke: "currentColor",
            stroke_width: "2",
            stroke_linecap: "round",
            stroke_linejoin: "round",
            "aria-hidden": "true",
            {children}
        }
    }
}
