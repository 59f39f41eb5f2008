//! The audit log: what admins did, newest first. Nothing here changes it.

use super::AdminScreen;
use super::list::{Controls, Menu};
use super::table::{Cell, Record, Screen, fetch_rows};
use crate::components::order::capitalized;
use crate::format;
use bazaar_shared::admin::{AuditAction, AuditEntry};
use dioxus::prelude::*;

/// `hide_product` → `Hide product`.
fn action_name(action: AuditAction) -> String {
    capitalized(&action.as_str().replace('_', " "))
}

impl Record for AuditEntry {
    const RESOURCE: &'static str = "audit";
    const COLUMNS: &'static [&'static str] = &["What", "Admin", "Record", "Reason", "When"];

    fn key(&self) -> String {
        self.id.to_string()
    }

    fn cells(&self) -> Vec<Cell> {
        vec![
            Cell::text(action_name(self.action)),
            Cell::text(&self.admin.name),
            Cell::text(&self.detail),
            Cell::text(&self.reason),
            Cell::text(format::date_time(self.created_at)),
        ]
    }

    fn title(&self) -> String {
        action_name(self.action)
    }

    fn details(&self) -> Vec<(&'static str, String)> {
        vec![
            (
                "Admin",
                format!("{} <{}>", self.admin.name, self.admin.email),
            ),
            ("Record", self.detail.clone()),
            ("Reason", self.reason.clone()),
            ("When", format::date_time(self.created_at)),
        ]
    }
}

/// The search box and menus of the audit list.
pub fn audit_controls() -> Controls {
    let actions: Vec<(&'static str, String)> = AuditAction::ALL
        .iter()
        .map(|a| (a.as_str(), action_name(*a)))
        .collect();
    let menus = vec![Menu {
        name: "action",
        label: "Action",
        any: "All",
        options: actions,
    }];
    Controls {
        search: None,
        menus,
        days: &[],
    }
}

pub const AUDIT: Screen = Screen {
    fetch: fetch_rows::<AuditEntry>,
    columns: AuditEntry::COLUMNS,
    controls: audit_controls,
    actions: |row, _| {
        row.record::<AuditEntry>()
            .map_or_else(|| rsx! {}, entry_links)
    },
};

/// The log read around an entry: its record's history, its admin's other actions.
fn entry_links(entry: AuditEntry) -> Element {
    let target = entry.target_id.to_string();
    let admin = entry.admin.id.to_string();
    rsx! {
        div { class: "drawer-links",
            Link { to: AdminScreen::Audit.with(&[("target_id", &target)]), "Everything done to this record" }
            Link { to: AdminScreen::Audit.with(&[("admin_id", &admin)]), "Everything this admin did" }
        }
    }
}
