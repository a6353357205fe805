//! `inkom list` and `inkom show`: reading items, changing nothing. Kept apart from the commands
//! that act on an item so that what a look at the store prints is found in one place.

use inkom::documents;
use inkom::lifecycle;
use inkom::model::{Class, State};
use inkom::store::{ItemFilter, Settings, Store};

use super::failure::Failure;
use super::open::act;
use super::print::{ItemSummary, print_item, print_json, print_list, say, with_field};
use super::suggest;

/// `inkom list [--state S] [--class C] [--overdue]`: items in arrival order, without content.
pub(super) fn list(
    store: &Store,
    state: Option<State>,
    class: Option<Class>,
    overdue: bool,
    json: bool,
) -> Result<(), Failure> {
    let filter = ItemFilter {
        state,
        class,
        ..ItemFilter::default()
    };
    let mut items = store.list(&filter)?;
    if overdue {
        let now = act(store)?.at;
        let days = lifecycle::overdue::days(&Settings::load(store.conn())?);
        items.retain(|i| lifecycle::overdue::is_overdue(i, &now, days));
    }
    if json {
        print_json(&items.iter().map(ItemSummary::from).collect::<Vec<_>>())?;
    } else {
        print_list(&items);
    }
    Ok(())
}

/// `inkom show ID`: the item, the item it answers, and a suggestion while its content is kept.
pub(super) fn show(store: &Store, id: i64, json: bool) -> Result<(), Failure> {
    let item = store.item(id)?;
    let suggestion = match item.body {
        Some(_) => Some(suggest::for_item(store, &item)?),
        None => None,
    };
    let answers = lifecycle::answered(store.conn(), &item)?.map(|a| a.id);
    if json {
        let mut v = with_field(&item, "suggestion", &suggestion)?;
        v["answers"] = answers.into();
        print_json(&v)?;
    } else {
        print_item(&item);
        if let Some(a) = answers {
            say!("{:<18} objekt {a}", documents::ANSWERS);
        }
        if let Some(s) = &suggestion {
            say!();
            suggest::print_suggestion(s);
        }
    }
    Ok(())
}
