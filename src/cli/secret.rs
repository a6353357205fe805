//! Secrets a person types at the terminal (passphrases, the unit login's password): read
//! without echo, a new one typed twice; scripts give them in the environment instead. One
//! place, so every prompt refuses and words its errors alike.

use std::io::IsTerminal;

use zeroize::Zeroizing;

use super::failure::{Failure, invalid};

/// Reads one secret without echo. `what` names it in the error ("Lösenfrasen").
pub(super) fn ask(prompt: &str, what: &str) -> Result<Zeroizing<String>, Failure> {
    rpassword::prompt_password(prompt)
        .map(Zeroizing::new)
        .map_err(|e| invalid(format!("{what} kunde inte läsas."), e.to_string()))
}

/// Whether a person can be asked: a terminal, and not a script asking for JSON.
pub(super) fn can_ask(json: bool) -> bool {
    !json && std::io::stdin().is_terminal()
}

/// A secret from the environment variable `env`, else asked at the terminal with `prompt`,
/// else the error `missing` (Swedish, for a script).
pub(super) fn given(
    env: &str,
    json: bool,
    prompt: &str,
    what: &str,
    missing: &str,
) -> Result<Zeroizing<String>, Failure> {
    if let Ok(s) = std::env::var(env)
        && !s.is_empty()
    {
        return Ok(Zeroizing::new(s));
    }
    if !can_ask(json) {
        return Err(invalid(missing, format!("no {env}")));
    }
    ask(prompt, what)
}

/// A new secret: from `env`, else typed twice at the terminal (`prompts`: first, again) and
/// refused with `differ` when the two differ, else the error `missing`.
pub(super) fn new_twice(
    env: &str,
    json: bool,
    prompts: (&str, &str),
    what: &str,
    missing: &str,
    differ: &str,
) -> Result<Zeroizing<String>, Failure> {
    let first = given(env, json, prompts.0, what, missing)?;
    if std::env::var(env).is_ok_and(|s| !s.is_empty()) {
        return Ok(first);
    }
    if *ask(prompts.1, what)? != *first {
        return Err(invalid(differ, "secrets differ"));
    }
    Ok(first)
}
