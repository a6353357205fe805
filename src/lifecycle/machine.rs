//! The road, written once: which [`Action`] an item of which class may take in which [`State`],
//! where it leads, and the guard rails that hold an allowed step back until its conditions are
//! met (a diary number, a filed printout, no hold).
//!
//! Every lifecycle function asks [`check`] before it touches the store, and the app's list of
//! allowed actions is [`allowed`], so the CLI, the app and the UI cannot disagree.
//! What needs the store (the registration PDF's hash, the other items of a shared source file)
//! is checked by the lifecycle function itself, after this.

use crate::model::{Action, Class, Item, State};

use super::LifecycleError;

/// Which items a row of the table applies to, by class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassRule {
    /// Items not yet classified.
    Unclassified,
    /// Any classified item.
    Classified,
    /// Items that are registered: personakt and diarium.
    Registrable,
    /// Exactly this class.
    Only(Class),
    /// Any item, classified or not.
    Any,
}

impl ClassRule {
    /// Whether an item of `class` falls under this rule.
    pub fn matches(self, class: Option<Class>) -> bool {
        match self {
            ClassRule::Unclassified => class.is_none(),
            ClassRule::Classified => class.is_some(),
            ClassRule::Registrable => matches!(class, Some(Class::Personakt | Class::Diarium)),
            ClassRule::Only(c) => class == Some(c),
            ClassRule::Any => true,
        }
    }
}

/// Where a step leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// To this state.
    To(State),
    /// The state stays (the step records a fact: a diary number, a hold).
    Stays,
}

/// One allowed step: `action` on an item in one of `from` whose class matches `class`.
#[derive(Debug, Clone, Copy)]
pub struct Transition {
    /// The action.
    pub action: Action,
    /// The states it may be taken from.
    pub from: &'static [State],
    /// The classes it applies to.
    pub class: ClassRule,
    /// Where it leads.
    pub next: Next,
}

/// The states before the content is gone, where a hold still protects something.
const LIVE: &[State] = &[
    State::Imported,
    State::Classified,
    State::Registered,
    State::Printed,
    State::SourceDeleted,
];

/// States of a registered item (the registration, once made, is kept).
const REGISTERED: &[State] = &[
    State::Registered,
    State::Printed,
    State::SourceDeleted,
    State::Purged,
];

/// The whole table. Order does not matter: at most one row matches an action, a state and a
/// class (a unit test checks this).
pub const TRANSITIONS: &[Transition] = &[
    Transition {
        action: Action::Classify,
        from: &[State::Imported],
        class: ClassRule::Unclassified,
        next: Next::To(State::Classified),
    },
    Transition {
        action: Action::Classify,
        from: &[State::Classified],
        class: ClassRule::Classified,
        next: Next::To(State::Classified),
    },
    Transition {
        action: Action::Unclassify,
        from: &[State::Classified],
        class: ClassRule::Classified,
        next: Next::To(State::Imported),
    },
    Transition {
        action: Action::Register,
        from: &[State::Classified],
        class: ClassRule::Registrable,
        next: Next::To(State::Registered),
    },
    Transition {
        action: Action::ConfirmPrinted,
        from: &[State::Registered],
        class: ClassRule::Registrable,
        next: Next::To(State::Printed),
    },
    Transition {
        action: Action::AssignDnr,
        from: REGISTERED,
        class: ClassRule::Only(Class::Diarium),
        next: Next::Stays,
    },
    Transition {
        action: Action::SetDnr,
        from: REGISTERED,
        class: ClassRule::Only(Class::Diarium),
        next: Next::Stays,
    },
    Transition {
        action: Action::ConfirmFiled,
        from: &[State::Printed],
        class: ClassRule::Only(Class::Personakt),
        next: Next::Stays,
    },
    Transition {
        action: Action::ConfirmSourceDeleted,
        from: &[State::Printed],
        class: ClassRule::Registrable,
        next: Next::To(State::SourceDeleted),
    },
    // inkom's ordered keep replaces a ringa item's source at once.
    Transition {
        action: Action::ConfirmSourceDeleted,
        from: &[State::Classified],
        class: ClassRule::Only(Class::Ringa),
        next: Next::Stays,
    },
    Transition {
        action: Action::Purge,
        from: &[State::SourceDeleted],
        class: ClassRule::Registrable,
        next: Next::To(State::Purged),
    },
    Transition {
        action: Action::Cull,
        from: &[State::Classified],
        class: ClassRule::Only(Class::Ringa),
        next: Next::To(State::Culled),
    },
    Transition {
        action: Action::Hold,
        from: LIVE,
        class: ClassRule::Any,
        next: Next::Stays,
    },
    Transition {
        action: Action::Release,
        from: LIVE,
        class: ClassRule::Any,
        next: Next::Stays,
    },
    // The date received is corrected before registration; the registration's date stands.
    Transition {
        action: Action::SetReceived,
        from: &[State::Imported],
        class: ClassRule::Unclassified,
        next: Next::Stays,
    },
    Transition {
        action: Action::SetReceived,
        from: &[State::Classified],
        class: ClassRule::Classified,
        next: Next::Stays,
    },
];

/// The table's row for `action` on an item in `state` of `class`, if the road has one.
pub fn transition(
    action: Action,
    state: State,
    class: Option<Class>,
) -> Option<&'static Transition> {
    TRANSITIONS
        .iter()
        .find(|t| t.action == action && t.from.contains(&state) && t.class.matches(class))
}

/// May `action` be taken on `item` now? Returns the state it leads to, or the refusal with
/// the Swedish explanation of what to do first. Nothing here reads the store.
pub fn check(item: &Item, action: Action) -> Result<State, LifecycleError> {
    let id = item.id;
    let Some(step) = transition(action, item.state, item.class) else {
        return Err(off_road(item, action));
    };
    let held = |action| match &item.hold {
        Some(h) => Err(LifecycleError::Held {
            id,
            action,
            reason: h.reason.clone(),
        }),
        None => Ok(()),
    };
    let wrong_state = || LifecycleError::WrongState {
        id,
        state: item.state,
        action,
    };
    let dnr = item
        .registration
        .as_ref()
        .and_then(|r| r.diarienummer.as_ref());
    match action {
        Action::Unclassify if item.source_deleted.is_some() => return Err(wrong_state()),
        Action::AssignDnr | Action::SetDnr => {
            if let Some(existing) = dnr {
                return Err(LifecycleError::HasDiarienummer {
                    id,
                    diarienummer: existing.clone(),
                });
            }
        }
        Action::ConfirmFiled if item.filed.is_some() => {
            return Err(LifecycleError::AlreadyFiled(id));
        }
        Action::ConfirmSourceDeleted => {
            held(action)?;
            match item.class {
                Some(Class::Ringa) if item.source_deleted.is_some() => return Err(wrong_state()),
                Some(Class::Diarium) if dnr.is_none() => {
                    return Err(LifecycleError::NoDiarienummer(id));
                }
                Some(Class::Personakt) if item.filed.is_none() => {
                    return Err(LifecycleError::NotFiled(id));
                }
                _ => {}
            }
        }
        Action::Purge => held(action)?,
        Action::Cull => {
            held(action)?;
            // Guard rail 8: inkom's ordered keep is culled only once it is the only copy.
            if item.source_deleted.is_none() {
                return Err(LifecycleError::SourceNotDeleted(id));
            }
        }
        Action::Hold if item.hold.is_some() => return Err(LifecycleError::AlreadyHeld(id)),
        Action::Release if item.hold.is_none() => return Err(LifecycleError::NotHeld(id)),
        _ => {}
    }
    Ok(match step.next {
        Next::To(state) => state,
        Next::Stays => item.state,
    })
}

/// The refusal for an action the road has no row for, naming the most useful reason.
fn off_road(item: &Item, action: Action) -> LifecycleError {
    let id = item.id;
    let ringa = item.class == Some(Class::Ringa);
    match (action, item.state) {
        (Action::Register, State::Imported) => LifecycleError::NotClassified(id),
        (Action::Register | Action::Purge, _) if ringa => LifecycleError::Ringa { id, action },
        (Action::Cull, _) if !ringa => LifecycleError::NotRinga(id),
        (Action::AssignDnr | Action::SetDnr, _) if item.class != Some(Class::Diarium) => {
            LifecycleError::NotDiarium(id)
        }
        // Before registration there is no printout whose hash would allow the source to go.
        (Action::ConfirmSourceDeleted, State::Imported | State::Classified) => {
            LifecycleError::PdfMismatch(id)
        }
        (state_action, state) => LifecycleError::WrongState {
            id,
            state,
            action: state_action,
        },
    }
}

/// Every action `item` may take now, in road order: what the app offers.
pub fn allowed(item: &Item) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| check(item, *a).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLASSES: [Option<Class>; 4] = [
        None,
        Some(Class::Personakt),
        Some(Class::Diarium),
        Some(Class::Ringa),
    ];

    /// Which (action, state, class) has a row, written out by hand from DOMAIN.md's road, so a
    /// change to the table must be made twice to pass: once here, once there.
    fn expected(action: Action, state: State, class: Option<Class>) -> Option<Next> {
        use Action as A;
        use State as S;
        let reg = matches!(class, Some(Class::Personakt | Class::Diarium));
        let ringa = class == Some(Class::Ringa);
        let live = !matches!(state, S::Purged | S::Culled);
        match (action, state) {
            (A::Classify, S::Imported) if class.is_none() => Some(Next::To(S::Classified)),
            (A::Classify, S::Classified) if class.is_some() => Some(Next::To(S::Classified)),
            (A::Unclassify, S::Classified) if class.is_some() => Some(Next::To(S::Imported)),
            (A::Register, S::Classified) if reg => Some(Next::To(S::Registered)),
            (A::ConfirmPrinted, S::Registered) if reg => Some(Next::To(S::Printed)),
            (
                A::AssignDnr | A::SetDnr,
                S::Registered | S::Printed | S::SourceDeleted | S::Purged,
            ) if class == Some(Class::Diarium) => Some(Next::Stays),
            (A::ConfirmFiled, S::Printed) if class == Some(Class::Personakt) => Some(Next::Stays),
            (A::ConfirmSourceDeleted, S::Printed) if reg => Some(Next::To(S::SourceDeleted)),
            (A::ConfirmSourceDeleted, S::Classified) if ringa => Some(Next::Stays),
            (A::Purge, S::SourceDeleted) if reg => Some(Next::To(S::Purged)),
            (A::Cull, S::Classified) if ringa => Some(Next::To(S::Culled)),
            (A::Hold | A::Release, _) if live => Some(Next::Stays),
            (A::SetReceived, S::Imported) if class.is_none() => Some(Next::Stays),
            (A::SetReceived, S::Classified) if class.is_some() => Some(Next::Stays),
            _ => None,
        }
    }

    #[test]
    fn the_whole_table_is_the_road() {
        let mut rows = 0;
        for action in Action::ALL {
            for state in State::ALL {
                for class in CLASSES {
                    let matching = TRANSITIONS
                        .iter()
                        .filter(|t| {
                            t.action == action && t.from.contains(&state) && t.class.matches(class)
                        })
                        .count();
                    assert!(
                        matching <= 1,
                        "{action} {state:?} {class:?}: {matching} rows"
                    );
                    let got = transition(action, state, class).map(|t| t.next);
                    assert_eq!(
                        got,
                        expected(action, state, class),
                        "{action} from {state:?} as {class:?}"
                    );
                    rows += usize::from(got.is_some());
                }
            }
        }
        assert_eq!(rows, 70, "allowed (action, state, class) triples");
    }

    #[test]
    fn no_state_is_a_dead_end_before_the_content_is_gone() {
        for state in State::ALL {
            let leaves = TRANSITIONS
                .iter()
                .any(|t| t.from.contains(&state) && matches!(t.next, Next::To(s) if s != state));
            let end = matches!(state, State::Purged | State::Culled);
            assert_eq!(leaves, !end, "{state:?}");
        }
    }
}
