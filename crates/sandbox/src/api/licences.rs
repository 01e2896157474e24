//! Which module licence each scope needs (docs/fortnox.md §3); any
//! one of the listed modules is enough. An empty list means "any company".

use crate::config::Module::{self, *};

pub fn modules_for(scope: &str) -> &'static [Module] {
    match scope {
        "customer" | "article" | "invoice" | "print" | "price" => &[Kundfaktura, Order],
        "offer" | "order" => &[Order],
        "bookkeeping" => &[Bokforing, Kundfaktura],
        "connectfile" => &[Bokforing, Anlaggning, Arkivplats],
        "costcenter" | "currency" | "payment" | "project" => &[Bokforing, Order, Kundfaktura],
        "noxfinansinvoice" => &[Kundfaktura],
        "salary" => &[Lon],
        "supplier" | "supplierinvoice" => &[Bokforing],
        "timereporting" => &[Tidredovisning],
        "assets" => &[Anlaggning],
        _ => &[],
    }
}

/// The register named in "Saknar behörighet för …" messages.
pub fn register_sv(scope: &str) -> &'static str {
    match scope {
        "customer" => "kundregister",
        "project" => "projektregister",
        "supplier" => "leverantörsregister",
        "article" => "artikelregister",
        "salary" => "personalregister",
        _ => "registret",
    }
}
