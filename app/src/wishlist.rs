//! The signed-in shopper's wishlist, known everywhere a heart button shows.

use crate::api::{self, ApiError};
use bazaar_shared::{ProductId, UserId};
use dioxus::prelude::*;
use std::collections::BTreeSet;

#[derive(Clone, Copy, PartialEq)]
pub struct Wishlist {
    owner: Signal<Option<UserId>>,
    ids: Signal<BTreeSet<ProductId>>,
}

pub fn provide_wishlist() -> Wishlist {
    let owner = use_signal(|| None);
    let ids = use_signal(BTreeSet::new);
    use_context_provider(|| Wishlist { owner, ids })
}

pub fn use_wishlist() -> Wishlist {
    use_context::<Wishlist>()
}

impl Wishlist {
    pub fn count(&self) -> usize {
        self.ids.read().len()
    }

    pub fn contains(&self, id: ProductId) -> bool {
        self.ids.read().contains(&id)
    }

    pub fn follow_session(mut self, account: Option<UserId>) {
        if *self.owner.peek() == account {
            return;
        }
        self.owner.set(account);
        self.ids.set(BTreeSet::new());
        if account.is_none() {
            return;
        }
        spawn(async move {
            if let Ok(items) = api::catalog::wishlist().await
                && *self.owner.peek() == account
            {
                self.ids.set(items.into_iter().map(|p| p.id).collect());
            }
        });
    }

    /// Adds or removes `id`; answers whether it is now on the list.
    pub async fn toggle(mut self, id: ProductId) -> Result<bool, ApiError> {
        if self.ids.peek().contains(&id) {
            api::catalog::unwish(id).await?;
            self.ids.write().remove(&id);
            Ok(false)
        } else {
            api::catalog::wish(id).await?;
            self.ids.write().insert(id);
            Ok(true)
        }
    }
}
