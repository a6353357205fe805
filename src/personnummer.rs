//! Swedish personal identity numbers (personnummer) and coordination numbers
//! (samordningsnummer), validated the way Skatteverket defines them.
//!
//! A personakt printout must carry a number that really identifies a person, so a typo has to be
//! caught here rather than in a binder months later: the date must exist and the Luhn check digit
//! must match.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A validated personnummer or samordningsnummer, kept in the 12-digit form `YYYYMMDD-NNNC`.
///
/// ```
/// use chrono::NaiveDate;
/// use inkom::personnummer::{Personnummer, PersonnummerError};
///
/// let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
/// let p = Personnummer::parse("870521-2382", today).expect("Skatteverket's test number");
/// assert_eq!(p.to_string(), "19870521-2382");
/// assert_eq!(Personnummer::parse("870521-2383", today), Err(PersonnummerError::CheckDigit));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Personnummer {
    /// `YYYYMMDDNNNC`, digits only.
    digits: String,
}

/// Why a string is not a valid personnummer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersonnummerError {
    /// Not of the form YYMMDD-NNNC or YYYYMMDD-NNNC.
    #[error("not of the form YYMMDD-NNNC or YYYYMMDD-NNNC")]
    Format,
    /// The birth date (day minus 60 for a samordningsnummer) does not exist.
    #[error("the date part is not a real date")]
    Date,
    /// The last digit does not match the Luhn check.
    #[error("the check digit does not match")]
    CheckDigit,
}

impl PersonnummerError {
    /// The message for a Swedish user.
    pub fn sv(&self) -> &'static str {
        match self {
            PersonnummerError::Format => {
                "Personnumret ska skrivas ÅÅMMDD-NNNN eller ÅÅÅÅMMDD-NNNN."
            }
            PersonnummerError::Date => "Personnumrets datumdel är inte ett giltigt datum.",
            PersonnummerError::CheckDigit => {
                "Personnumrets kontrollsiffra stämmer inte. Kontrollera numret."
            }
        }
    }
}

impl Personnummer {
    /// Parses and validates. A 10-digit number gets its century from `today`: born this
    /// century unless that would be in the future, and a `+` separator adds 100 years of age.
    pub fn parse(input: &str, today: NaiveDate) -> Result<Self, PersonnummerError> {
        let s = input.trim();
        let plus = s.contains('+');
        let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
        let others_ok = s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '+' || c == ' ');
        if !others_ok || s.matches(['-', '+']).count() > 1 {
            return Err(PersonnummerError::Format);
        }
        let full = match digits.len() {
            12 => digits,
            10 => {
                let yy: i32 = digits[0..2]
                    .parse()
                    .map_err(|_| PersonnummerError::Format)?;
                let this_year = today.year();
                let mut year = (this_year / 100) * 100 + yy;
                if year > this_year {
                    year -= 100;
                }
                if plus {
                    year -= 100;
                }
                format!("{:02}{digits}", year.div_euclid(100))
            }
            _ => return Err(PersonnummerError::Format),
        };
        let num = |r: std::ops::Range<usize>| -> Result<u32, PersonnummerError> {
            full[r].parse().map_err(|_| PersonnummerError::Format)
        };
        let (year, month, mut day) = (num(0..4)? as i32, num(4..6)?, num(6..8)?);
        if day > 60 {
            day -= 60; // samordningsnummer
        }
        if NaiveDate::from_ymd_opt(year, month, day).is_none() {
            return Err(PersonnummerError::Date);
        }
        if !luhn_ok(&full[2..]) {
            return Err(PersonnummerError::CheckDigit);
        }
        Ok(Personnummer { digits: full })
    }

    /// True for a samordningsnummer (day + 60).
    pub fn is_samordningsnummer(&self) -> bool {
        self.digits[6..8].parse::<u32>().is_ok_and(|d| d > 60)
    }
}

/// Luhn over the ten digits YYMMDDNNNC (weights 2,1,2,1…).
fn luhn_ok(ten: &str) -> bool {
    let sum: u32 = ten
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            let v = if i % 2 == 0 { d * 2 } else { d };
            v / 10 + v % 10
        })
        .sum();
    sum.is_multiple_of(10)
}

impl fmt::Display for Personnummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", &self.digits[..8], &self.digits[8..])
    }
}

impl From<Personnummer> for String {
    fn from(p: Personnummer) -> String {
        p.to_string()
    }
}

impl TryFrom<String> for Personnummer {
    type Error = PersonnummerError;
    /// Only for values inkom stored itself, which are always in the 12-digit form.
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl FromStr for Personnummer {
    type Err = PersonnummerError;
    /// Parses the 12-digit form only (no century guessing without a date).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.chars().filter(|c| c.is_ascii_digit()).count() != 12 {
            return Err(PersonnummerError::Format);
        }
        // Any `today` works for 12-digit input: the century is given.
        Personnummer::parse(s, NaiveDate::MIN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
    }

    #[test]
    fn skatteverket_test_number_in_both_forms() {
        let long = Personnummer::parse("19870521-2382", today()).expect("valid");
        let short = Personnummer::parse("870521-2382", today()).expect("valid");
        assert_eq!(long, short);
        assert_eq!(long.to_string(), "19870521-2382");
        assert!(!long.is_samordningsnummer());
    }

    #[test]
    fn plus_means_a_hundred_years_older() {
        // 121212-1212 is a classic valid example; with '+' the person is born 1912.
        let p = Personnummer::parse("121212+1212", today()).expect("valid");
        assert_eq!(p.to_string(), "19121212-1212");
        let p = Personnummer::parse("121212-1212", today()).expect("valid");
        assert_eq!(p.to_string(), "20121212-1212");
    }

    #[test]
    fn samordningsnummer_day_plus_sixty() {
        // 701063-2391: day 63 = 3rd; check digit computed by Luhn over 7010632391.
        let p = Personnummer::parse("701063-2391", today()).expect("valid samordningsnummer");
        assert!(p.is_samordningsnummer());
    }

    #[test]
    fn rejects_wrong_check_digit_bad_date_and_garbage() {
        assert_eq!(
            Personnummer::parse("19870521-2383", today()),
            Err(PersonnummerError::CheckDigit)
        );
        assert_eq!(
            Personnummer::parse("19870231-2380", today()),
            Err(PersonnummerError::Date)
        );
        assert_eq!(
            Personnummer::parse("abc", today()),
            Err(PersonnummerError::Format)
        );
        assert_eq!(
            Personnummer::parse("1987-05-21", today()),
            Err(PersonnummerError::Format)
        );
    }
}
