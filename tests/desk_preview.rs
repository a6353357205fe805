//! The in-app PDF preview: one page of the stored registration PDF at the resolution the window
//! asks for, checked against pdftoppm's page count and by its pixel size.

use crate::desk_support;

use base64::Engine;
use desk_support::Desk;
use inkom::desk::preview::{MAX_DPI, registration_page};

fn png_size(b64: &str) -> (u32, u32) {
    let png = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("base64");
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    let w = u32::from_be_bytes(png[16..20].try_into().expect("width"));
    let h = u32::from_be_bytes(png[20..24].try_into().expect("height"));
    (w, h)
}

#[test]
fn a_page_renders_at_the_asked_resolution_and_zoom_sharpens_it() {
    let d = Desk::demo();
    let concern = d.id_of("+46701740648");
    let small = registration_page(&d.store, concern, 1, 96).expect("page 1 at 96 dpi");
    let large = registration_page(&d.store, concern, 1, 192).expect("page 1 at 192 dpi");
    assert_eq!(small.page, 1);
    assert!(small.pages >= 1);
    assert_eq!(png_size(&small.png), (small.width_px, small.height_px));
    // A4 is 8.27 in wide: about 794 px at 96 dpi, twice that at 192.
    assert!((780..=810).contains(&small.width_px), "{}", small.width_px);
    assert!(
        large.width_px >= small.width_px * 2 - 2,
        "{} vs {}",
        large.width_px,
        small.width_px
    );
    // An absurd resolution is clamped, not rendered as asked.
    let capped = registration_page(&d.store, concern, 1, 100_000).expect("clamped");
    assert!(capped.width_px <= (8.3 * MAX_DPI as f32) as u32 + 2);
}

#[test]
fn a_page_past_the_end_and_an_unregistered_item_are_refused_in_swedish() {
    let d = Desk::demo();
    let concern = d.id_of("+46701740648");
    let first = registration_page(&d.store, concern, 1, 96).expect("page 1");
    let err = registration_page(&d.store, concern, first.pages + 1, 96).expect_err("past the end");
    assert_eq!(err.code(), "invalid_input");
    assert!(err.sv().contains("Sidan finns inte"), "{}", err.sv());
    let elsa = d.id_of("Angående Elsa");
    let err = registration_page(&d.store, elsa, 1, 96).expect_err("not registered");
    assert!(!err.sv().is_empty());
}
