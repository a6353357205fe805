//! S/MIME messages whose content is inside the signature or the encryption
//! (`application/pkcs7-mime`, RFC 8551): what a mail program shows of them.
//!
//! A message signed "opaquely" (`smime-type=signed-data`; Outlook's option to sign so that
//! programs without S/MIME cannot alter it, and what some authorities' systems send) carries
//! its whole MIME content inside one `smime.p7m` attachment. Outlook and Thunderbird show the
//! text and the files; inkom showed an empty message with one file nobody can open, and the
//! printout had no text. The content is read out of the CMS `SignedData` (RFC 5652) with the
//! RustCrypto `cms` crate; the signature is not checked (inkom does not judge who signed; the
//! `smime.p7m` itself is kept beside the content, so it can be checked later).
//!
//! An encrypted message (`enveloped-data`) cannot be read without the recipient's private key,
//! which stays in the mail program's certificate store: it is imported as it is, with a note
//! that says what to do instead.

use cms::cert::x509::der::asn1::OctetString;
use cms::cert::x509::der::oid::ObjectIdentifier;
use cms::cert::x509::der::oid::db::rfc5911::{
    ID_CT_AUTH_ENVELOPED_DATA, ID_ENVELOPED_DATA, ID_SIGNED_DATA,
};
use cms::cert::x509::der::{Decode, Encode};
use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;

/// What a `pkcs7-mime` body holds.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Pkcs7Mime {
    /// Signed: the MIME entity (headers and body) that was signed.
    Signed(Vec<u8>),
    /// Encrypted for a recipient's key.
    Encrypted,
    /// Neither reads (a signature in BER with indefinite lengths, a certificate list, damage).
    Unreadable,
}

/// The chain-of-custody note of a message whose content is inside `name`, as
/// [`read`] found it; `files`: whether the signed content holds files.
pub(crate) fn note(found: &Pkcs7Mime, name: &str, files: bool) -> String {
    match found {
        Pkcs7Mime::Signed(_) => format!(
            "meddelandet är signerat med S/MIME och innehållet låg inuti signaturen; texten är \
             läst ur den{} (signaturen är inte kontrollerad; den finns kvar i bilagan {name})",
            if files {
                format!(" och filerna i den återges som {name} › …")
            } else {
                String::new()
            }
        ),
        Pkcs7Mime::Encrypted => format!(
            "meddelandet är krypterat med S/MIME och kan inte läsas utan mottagarens nyckel; \
             innehållet finns bara i bilagan {name}. Öppna meddelandet i e-postprogrammet och \
             skriv ut det eller spara det okrypterat, och importera det igen"
        ),
        Pkcs7Mime::Unreadable => format!(
            "meddelandet är ett S/MIME-meddelande ({name}) som inte gick att läsa; öppna det i \
             e-postprogrammet och skriv ut det därifrån"
        ),
    }
}

/// Whether a MIME type is S/MIME's `pkcs7-mime` (with or without the old `x-`).
pub(crate) fn is_pkcs7_mime(mime: &str) -> bool {
    let mime = mime.trim();
    mime.eq_ignore_ascii_case("application/pkcs7-mime")
        || mime.eq_ignore_ascii_case("application/x-pkcs7-mime")
}

/// Whether an attachment is an S/MIME `smime.p7m` by its type, or by its name when it has none.
pub(crate) fn is_pkcs7_attachment(name: &str, mime: &str) -> bool {
    is_pkcs7_mime(mime)
        || ((mime.trim().is_empty() || mime.eq_ignore_ascii_case("application/octet-stream"))
            && name.to_ascii_lowercase().ends_with(".p7m"))
}

/// Reads a `pkcs7-mime` body (DER, after the transfer encoding is undone). The `smime-type`
/// parameter is not trusted: the content says what it is.
pub(crate) fn read(der: &[u8]) -> Pkcs7Mime {
    let Ok(info) = ContentInfo::from_der(der) else {
        // Thunderbird (NSS) writes BER with indefinite lengths, which the `der` crate does not
        // read: its content type, the first thing in it, still tells an encrypted message.
        return match outer_content_type(der) {
            Some(oid) if oid == ID_ENVELOPED_DATA || oid == ID_CT_AUTH_ENVELOPED_DATA => {
                Pkcs7Mime::Encrypted
            }
            _ => Pkcs7Mime::Unreadable,
        };
    };
    if info.content_type == ID_ENVELOPED_DATA || info.content_type == ID_CT_AUTH_ENVELOPED_DATA {
        return Pkcs7Mime::Encrypted;
    }
    if info.content_type != ID_SIGNED_DATA {
        return Pkcs7Mime::Unreadable;
    }
    let content = info
        .content
        .to_der()
        .ok()
        .and_then(|der| SignedData::from_der(&der).ok())
        .and_then(|signed| signed.encap_content_info.econtent)
        .and_then(|econtent| econtent.decode_as::<OctetString>().ok());
    match content {
        Some(octets) if !octets.as_bytes().is_empty() => {
            Pkcs7Mime::Signed(octets.as_bytes().to_vec())
        }
        _ => Pkcs7Mime::Unreadable,
    }
}

/// The content type of a `ContentInfo` in BER or DER: the OID after the outer SEQUENCE's tag
/// and length (definite in up to four bytes, or indefinite).
fn outer_content_type(ber: &[u8]) -> Option<ObjectIdentifier> {
    let (&tag, rest) = ber.split_first()?;
    let (&len, rest) = rest.split_first()?;
    if tag != 0x30 {
        return None;
    }
    let rest = match len {
        0x80 => rest,
        0x81..=0x84 => rest.get(usize::from(len - 0x80)..)?,
        n if n < 0x80 => rest,
        _ => return None,
    };
    let (&oid_tag, rest) = rest.split_first()?;
    let (&oid_len, rest) = rest.split_first()?;
    if oid_tag != 0x06 || oid_len >= 0x80 {
        return None;
    }
    ObjectIdentifier::from_bytes(rest.get(..usize::from(oid_len))?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_bytes_are_unreadable_never_a_panic() {
        assert_eq!(read(b""), Pkcs7Mime::Unreadable);
        assert_eq!(read(b"not der at all"), Pkcs7Mime::Unreadable);
        // A SEQUENCE claiming more than there is, and one with an indefinite length (BER).
        assert_eq!(
            read(&[0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF]),
            Pkcs7Mime::Unreadable
        );
        assert_eq!(
            read(&[0x30, 0x80, 0x06, 0x00, 0x00, 0x00]),
            Pkcs7Mime::Unreadable
        );
        assert_eq!(read(&[0x30, 0x80, 0x06, 0x7F]), Pkcs7Mime::Unreadable);
    }

    /// Thunderbird's encrypted message begins so (BER, indefinite length, envelopedData).
    #[test]
    fn an_encrypted_message_in_ber_is_known_as_encrypted() {
        let ber = [
            0x30, 0x80, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x03, 0xA0,
            0x80, 0x30,
        ];
        assert_eq!(read(&ber), Pkcs7Mime::Encrypted);
        // signedData in BER: not read, said so.
        let mut signed = ber;
        signed[12] = 0x02;
        assert_eq!(read(&signed), Pkcs7Mime::Unreadable);
    }

    #[test]
    fn the_type_is_named_with_or_without_x() {
        assert!(is_pkcs7_mime("application/pkcs7-mime"));
        assert!(is_pkcs7_mime("Application/X-PKCS7-MIME"));
        assert!(!is_pkcs7_mime("application/pkcs7-signature"));
        assert!(is_pkcs7_attachment("SMIME.P7M", "application/octet-stream"));
        assert!(is_pkcs7_attachment("smime.p7m", ""));
        assert!(!is_pkcs7_attachment("smime.p7m", "application/pdf"));
    }
}
