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

use bcder::decode::{Constructed, DecodeError, Source};
use bcder::{Mode, OctetString, Oid, Tag};

/// `id-signedData` (1.2.840.113549.1.7.2), RFC 5652.
const SIGNED_DATA: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02];
/// `id-envelopedData` (1.2.840.113549.1.7.3), RFC 5652.
const ENVELOPED_DATA: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x03];
/// `id-ct-authEnvelopedData` (1.2.840.113549.1.9.16.1.23), RFC 5083.
const AUTH_ENVELOPED_DATA: &[u8] = &[
    0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x10, 0x01, 0x17,
];

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

/// Reads a `pkcs7-mime` body (BER or DER, after the transfer encoding is undone). The
/// `smime-type` parameter is not trusted: the content says what it is.
///
/// BER, not only DER: Netscape, Outlook Express and Thunderbird (NSS) write indefinite lengths
/// and the signed content as a chunked (constructed) OCTET STRING, and their mail programs
/// read it so; bcder reads both. Bytes after the structure (padding some programs leave) are
/// ignored, as a mail program ignores them.
pub(crate) fn read(ber: &[u8]) -> Pkcs7Mime {
    let mut content_type: Option<Oid> = None;
    let mut signed: Option<Option<Vec<u8>>> = None;
    let _ = Mode::Ber.decode(ber, |cons| {
        cons.take_sequence(|cons| {
            let oid = Oid::take_from(cons)?;
            let is_signed = oid.as_ref() == SIGNED_DATA;
            // Known before the rest is read: an encrypted message cut short is still one.
            content_type = Some(oid);
            if is_signed {
                signed = Some(cons.take_constructed_if(Tag::CTX_0, signed_content)?);
            }
            skip_rest(cons)
        })
    });
    match (content_type.as_ref().map(|oid| oid.as_ref()), signed) {
        (Some(ENVELOPED_DATA | AUTH_ENVELOPED_DATA), _) => Pkcs7Mime::Encrypted,
        (_, Some(Some(content))) if !content.is_empty() => Pkcs7Mime::Signed(content),
        _ => Pkcs7Mime::Unreadable,
    }
}

/// The signed content of a `SignedData` (RFC 5652 §5.1; PKCS #7 v1.5 alike): the
/// `eContent` of its `encapContentInfo`, `None` when it has none (a detached signature, a
/// certificate list). The certificates, CRLs and signer infos after it are skipped unread.
fn signed_content<S: Source>(
    cons: &mut Constructed<S>,
) -> Result<Option<Vec<u8>>, DecodeError<S::Error>> {
    cons.take_sequence(|cons| {
        cons.skip(|_, _, _| Ok(()))?; // version
        cons.skip(|_, _, _| Ok(()))?; // digestAlgorithms
        let content = cons.take_sequence(|cons| {
            Oid::skip_in(cons)?; // eContentType
            let content =
                cons.take_opt_constructed_if(Tag::CTX_0, |cons| OctetString::take_from(cons))?;
            skip_rest(cons)?;
            Ok(content)
        })?;
        skip_rest(cons)?;
        Ok(content.map(|octets| octets.to_bytes().to_vec()))
    })
}

/// Skips what is left of a constructed value. bcder's own `skip_all` fails at the end of a
/// value of indefinite length (it expects another value where the end-of-contents is).
fn skip_rest<S: Source>(cons: &mut Constructed<S>) -> Result<(), DecodeError<S::Error>> {
    while cons.skip_opt(|_, _, _| Ok(()))?.is_some() {}
    Ok(())
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
        // In DER, its length saying more than there is (cut short): still known as encrypted.
        let der = [
            0x30, 0x82, 0x10, 0x00, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07,
            0x03, 0xA0, 0x82, 0x0F, 0xF1, 0x30,
        ];
        assert_eq!(read(&der), Pkcs7Mime::Encrypted);
        // signedData cut off so: nothing to read, said so.
        let mut signed = ber;
        signed[12] = 0x02;
        assert_eq!(read(&signed), Pkcs7Mime::Unreadable);
    }

    /// The signed content as BER allows it: chunks of chunks, here 100,000 deep (a hostile
    /// p7m). Read without recursion (bcder keeps its own stack), so no stack overflow.
    #[test]
    fn deeply_nested_signed_content_is_read_without_overflow() {
        let depth = 100_000;
        let mut ber = vec![
            0x30, 0x80, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02, 0xA0,
            0x80, 0x30, 0x80, 0x02, 0x01, 0x01, 0x31, 0x00, 0x30, 0x80, 0x06, 0x09, 0x2A, 0x86,
            0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01, 0xA0, 0x80,
        ];
        ber.extend([0x24, 0x80].repeat(depth));
        ber.extend_from_slice(&[0x04, 0x02, b'H', b'j']);
        ber.extend([0, 0].repeat(depth));
        // The [0] and encapContentInfo end, the signer infos, then SignedData, [0], ContentInfo.
        ber.extend_from_slice(&[0, 0, 0, 0, 0x31, 0x00, 0, 0, 0, 0, 0, 0]);
        assert_eq!(read(&ber), Pkcs7Mime::Signed(b"Hj".to_vec()));
        // Cut in the middle: unreadable, not a crash.
        assert_eq!(read(&ber[..ber.len() / 2]), Pkcs7Mime::Unreadable);
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
