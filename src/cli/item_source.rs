//! Where a listing's items come from: a query's rows read in place (or, in tests, items
//! already read).

use crate::domain::ItemRef;
use crate::storage::ItemRows;

/// Where a listing's items come from, one at a time, each borrowed until the next is asked
/// for: a database's rows ([`ItemRows`]).
pub trait ItemSource {
    /// The next item; `None` after the last.
    fn next_item(&mut self) -> anyhow::Result<Option<ItemRef<'_>>>;
}

impl<S: ItemSource + ?Sized> ItemSource for &mut S {
    fn next_item(&mut self) -> anyhow::Result<Option<ItemRef<'_>>> {
        (**self).next_item()
    }
}

impl ItemSource for ItemRows<'_> {
    fn next_item(&mut self) -> anyhow::Result<Option<ItemRef<'_>>> {
        Ok(ItemRows::next_item(self)?)
    }
}

/// Items already read, as an [`ItemSource`].
#[cfg(test)]
pub struct Items<I: Iterator> {
    items: I,
    current: Option<I::Item>,
}

#[cfg(test)]
impl<I: Iterator> Items<I> {
    pub fn new(items: I) -> Items<I> {
        Items { items, current: None }
    }
}

#[cfg(test)]
impl<I: Iterator<Item: std::borrow::Borrow<crate::domain::Item>>> ItemSource for Items<I> {
    fn next_item(&mut self) -> anyhow::Result<Option<ItemRef<'_>>> {
        self.current = self.items.next();
        Ok(self.current.as_ref().map(|i| std::borrow::Borrow::<crate::domain::Item>::borrow(i).view()))
    }
}
