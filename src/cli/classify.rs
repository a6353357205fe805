//! `inkom classify`: turns the flags into a classification, refuses what the class lacks in
//! Swedish, and says what the guard rails noticed (an ärendemening that names a person, a client
//! the register does not hold). Kept apart because it is the one command with a form's worth of
//! flags; the rules themselves live in [`inkom::desk::views`] and [`inkom::lifecycle`].

use inkom::desk::views::ClassificationInput;
use inkom::lifecycle::{self, NewClient};
use inkom::model::{Act, Classification};
use inkom::store::{Settings, Store};

use super::args::{ClassArg, ClassifyArgs};
use super::failure::{Failure, invalid};
use super::open::act;
use super::print::{class_sv, print_json, say, with_field};
use super::suggest;

/// `inkom classify ID --as CLASS …`.
pub(super) fn classify(store: &mut Store, args: ClassifyArgs, json: bool) -> Result<(), Failure> {
    let id = args.id;
    let act = act(store)?;
    let settings = Settings::load(store.conn())?;
    let sender_is_client = lifecycle::public::sender_is_client(store, id)?;
    let (classification, new_client) = classification(args, &settings, &act, sender_is_client)?;
    let warnings = match &classification {
        Classification::Diarium { description, .. } => {
            suggest::arendemening_warnings(store, description)?
        }
        _ => Vec::new(),
    };
    // Guard rail 11: a client the register does not hold is offered for adding.
    let unregistered = match &classification {
        Classification::Personakt { personnummer, .. } => {
            store.clients()?.by_personnummer(personnummer).is_none()
        }
        _ => false,
    };
    let item = lifecycle::classify_with(store, id, classification, new_client, &act)?;
    let client_added = unregistered && new_client == NewClient::Add;
    if json {
        let mut v = with_field(&item, "warnings", &warnings)?;
        v["client_added"] = client_added.into();
        print_json(&v)?;
    } else {
        say!("Objekt {} klassificerat som {}.", item.id, class_sv(&item));
        suggest::print_warnings(&warnings);
        if client_added {
            say!("Klienten är tillagd i klientregistret.");
        } else if unregistered {
            say!(
                "Klienten finns inte i klientregistret. Lägg till: klassificera igen med \
                 --add-client, eller `inkom clients add`."
            );
        }
    }
    Ok(())
}

/// The classification the flags describe, checked as the desk checks its form; whether the
/// client is to be added to the register goes beside it.
fn classification(
    args: ClassifyArgs,
    settings: &Settings,
    act: &Act,
    sender_is_client: bool,
) -> Result<(Classification, NewClient), Failure> {
    let input = match args.class {
        ClassArg::Personakt => {
            let (Some(client_name), Some(personnummer)) = (args.client_name, args.personnummer)
            else {
                return Err(invalid(
                    "Personaktsmaterial kräver --client-name och --personnummer.",
                    "personakt needs --client-name and --personnummer",
                ));
            };
            ClassificationInput::Personakt {
                client_name,
                personnummer,
                secrecy: args.secrecy,
                add_to_register: args.add_client,
            }
        }
        ClassArg::Diarium => {
            let description = args.description.ok_or_else(|| {
                invalid(
                    "Diarieföring kräver en ärendemening: --description TEXT.",
                    "diarium needs --description",
                )
            })?;
            let sender_secret = if args.sender_secret {
                Some(true)
            } else if args.sender_public {
                Some(false)
            } else {
                None
            };
            ClassificationInput::Diarium {
                description,
                secrecy: args.secrecy,
                sender_secret,
            }
        }
        ClassArg::Ringa => ClassificationInput::Ringa { note: args.note },
    };
    let new_client = input.new_client();
    let classification = input
        .into_classification(settings, act, sender_is_client)
        .map_err(|e| match e {
            // A guard rail's refusal keeps its own code (no_authority, …).
            inkom::desk::DeskError::Lifecycle(e) => e.into(),
            e => invalid(e.sv(), e.to_string()),
        })?;
    Ok((classification, new_client))
}
