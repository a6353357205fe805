//! The pictures and objects inside an RTF body (`{\pict …}` and `{\*\objdata …}` groups), so
//! that a message written in rich text with a picture or a document pasted into it keeps them:
//! each becomes an attachment, which the printout draws (PNG, JPEG) or names, and the deletion
//! gate holds back (a Windows metafile, a spreadsheet, which inkom does not draw). Before, the
//! text said "[… innehåller bilder som inte återges här …]" and they went with the source.
//!
//! Word writes a picture twice: `{\*\shppict{\pict\pngblip …}}` for programs that read the
//! modern form, then `{\nonshppict{\pict\wmetafile8 …}}` as a fallback; the fallback is the
//! same picture and is skipped. The input is hostile: every count is bounded, nothing panics.

/// Most pictures and objects taken from one body.
const MAX_FOUND: usize = 200;

/// Deepest group nesting followed; deeper braces are counted without state.
const MAX_DEPTH: usize = 512;

/// What a picture is, by the control word that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PictureFormat {
    /// `\pngblip`.
    Png,
    /// `\jpegblip`.
    Jpeg,
    /// `\emfblip`: an enhanced metafile.
    Emf,
    /// `\wmetafileN`: a Windows metafile.
    Wmf,
    /// Anything else (`\dibitmap`, `\macpict`, no format word).
    Other,
}

impl PictureFormat {
    /// The MIME type and file-name extension it is kept under.
    pub fn mime_and_extension(self) -> (&'static str, &'static str) {
        match self {
            PictureFormat::Png => ("image/png", "png"),
            PictureFormat::Jpeg => ("image/jpeg", "jpg"),
            PictureFormat::Emf => ("image/emf", "emf"),
            PictureFormat::Wmf => ("image/wmf", "wmf"),
            PictureFormat::Other => ("application/octet-stream", "bin"),
        }
    }
}

/// One picture of an RTF body, its bytes as they were embedded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RtfPicture {
    /// What it is.
    pub format: PictureFormat,
    /// The picture file.
    pub bytes: Vec<u8>,
}

/// What a group read holds: a picture, or an OLE object's data (`\objdata`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Picture(PictureFormat),
    Object,
}

/// The group being read: where it is and what has been read of it.
struct Reading {
    /// The nesting depth of its `{\pict` or `{\*\objdata` group.
    depth: usize,
    kind: Kind,
    bytes: Vec<u8>,
    /// A first hex digit waiting for its second.
    high: Option<u8>,
}

/// The pictures of `rtf`, in document order, skipping Word's `\nonshppict` fallbacks; a
/// picture without data is left out.
pub(crate) fn pictures(rtf: &[u8]) -> Vec<RtfPicture> {
    scan(rtf)
        .into_iter()
        .filter_map(|(kind, bytes)| match kind {
            Kind::Picture(format) => Some(RtfPicture { format, bytes }),
            Kind::Object => None,
        })
        .collect()
}

/// The data of the OLE objects embedded in `rtf` (`\objdata`, an OLE 1.0 object each; see
/// [`super::ole_object::from_ole1`]), in document order; an object without data is left out.
pub(crate) fn objects(rtf: &[u8]) -> Vec<Vec<u8>> {
    scan(rtf)
        .into_iter()
        .filter_map(|(kind, bytes)| (kind == Kind::Object).then_some(bytes))
        .collect()
}

/// Whether `rtf` holds a picture and an object group with data: (pictures, objects), from one
/// reading.
pub(crate) fn found(rtf: &[u8]) -> (bool, bool) {
    let found = scan(rtf);
    (
        found.iter().any(|(kind, _)| *kind != Kind::Object),
        found.iter().any(|(kind, _)| *kind == Kind::Object),
    )
}

/// The pictures and objects of `rtf` with their data, in document order.
fn scan(rtf: &[u8]) -> Vec<(Kind, Vec<u8>)> {
    let mut found = Vec::new();
    let mut depth = 0usize;
    // The depth of an enclosing `\nonshppict` group, whose pictures are skipped.
    let mut fallback: Option<usize> = None;
    let mut reading: Option<Reading> = None;
    let mut group_start = false;
    let mut i = 0;
    while let Some(&c) = rtf.get(i) {
        i += 1;
        match c {
            b'{' => {
                depth = depth.saturating_add(1);
                group_start = true;
                continue;
            }
            b'}' => {
                if let Some(r) = reading.take_if(|r| r.depth == depth)
                    && !r.bytes.is_empty()
                    && found.len() < MAX_FOUND
                {
                    found.push((r.kind, r.bytes));
                }
                if fallback == Some(depth) {
                    fallback = None;
                }
                depth = depth.saturating_sub(1);
            }
            b'\\' => {
                let (word, param, next) = control(rtf, i);
                i = next;
                let at_start = std::mem::take(&mut group_start);
                match word {
                    b"*" => group_start = at_start,
                    b"nonshppict" if at_start && fallback.is_none() => fallback = Some(depth),
                    b"pict" | b"objdata" if at_start && fallback.is_none() && reading.is_none() => {
                        if depth <= MAX_DEPTH {
                            reading = Some(Reading {
                                depth,
                                kind: match word {
                                    b"pict" => Kind::Picture(PictureFormat::Other),
                                    _ => Kind::Object,
                                },
                                bytes: Vec::new(),
                                high: None,
                            });
                        }
                    }
                    b"bin" => {
                        // Raw bytes follow: the picture's own data, or skipped.
                        let n = usize::try_from(param.unwrap_or(0)).unwrap_or(0);
                        let end = i.saturating_add(n).min(rtf.len());
                        if let Some(r) = reading.as_mut().filter(|r| r.depth == depth) {
                            r.bytes.extend_from_slice(&rtf[i..end]);
                        }
                        i = end;
                    }
                    _ => {
                        if let Some(r) = reading.as_mut().filter(|r| r.depth == depth)
                            && let Kind::Picture(format) = &mut r.kind
                        {
                            *format = match word {
                                b"pngblip" => PictureFormat::Png,
                                b"jpegblip" => PictureFormat::Jpeg,
                                b"emfblip" => PictureFormat::Emf,
                                b"wmetafile" => PictureFormat::Wmf,
                                _ => *format,
                            };
                        }
                    }
                }
                continue;
            }
            _ => {
                if let Some(r) = reading.as_mut().filter(|r| r.depth == depth)
                    && let Some(v) = (c as char).to_digit(16)
                {
                    // A hex digit is at most 15.
                    let v = v as u8;
                    match r.high.take() {
                        Some(high) => r.bytes.push(high << 4 | v),
                        None => r.high = Some(v),
                    }
                }
            }
        }
        group_start = false;
    }
    found
}

/// The control word or symbol starting at `i` (after its backslash): the word (a symbol as its
/// one byte), its numeric parameter, and the index after it.
fn control(rtf: &[u8], i: usize) -> (&[u8], Option<i32>, usize) {
    match rtf.get(i) {
        None => (&[], None, i),
        Some(c) if c.is_ascii_alphabetic() => super::rtf::control_word(rtf, i),
        // `\'hh` carries two hex digits that are text, not picture data.
        Some(b'\'') => (&rtf[i..i + 1], None, (i + 3).min(rtf.len())),
        Some(_) => (&rtf[i..i + 1], None, i + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_png_is_taken_and_words_fallback_is_skipped() {
        let rtf = b"{\\rtf1\\ansi Se bilden:\\par
            {\\*\\shppict{\\pict{\\*\\picprop{\\sp{\\sn x}{\\sv 1}}}\\picw20\\pich20\\pngblip
            89504e47
            0d0a1a0a}}{\\nonshppict{\\pict\\wmetafile8\\picw20 0100090000}}\\par Slut.}";
        assert_eq!(
            pictures(rtf),
            [RtfPicture {
                format: PictureFormat::Png,
                bytes: vec![0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
            }]
        );
    }

    #[test]
    fn binary_data_and_several_formats_are_read_in_order() {
        let mut rtf = b"{\\rtf1{\\pict\\jpegblip\\bin4 ".to_vec();
        rtf.extend_from_slice(&[0xFF, 0xD8, b'}', b'{']);
        rtf.extend_from_slice(b"}{\\pict\\emfblip 0100}{\\pict\\wmetafile8 0a0b}{\\pict}}");
        let found = pictures(&rtf);
        assert_eq!(
            found
                .iter()
                .map(|p| (p.format, p.bytes.clone()))
                .collect::<Vec<_>>(),
            [
                (PictureFormat::Jpeg, vec![0xFF, 0xD8, b'}', b'{']),
                (PictureFormat::Emf, vec![0x01, 0x00]),
                (PictureFormat::Wmf, vec![0x0A, 0x0B]),
            ]
        );
    }

    #[test]
    fn an_objects_data_is_read_beside_its_picture() {
        let rtf = b"{\\rtf1 Se tabellen: {\\object\\objemb\\objw100{\\*\\objclass Excel.Sheet.8}
            {\\*\\objdata 01050000\n02000000}{\\result{\\pict\\pngblip 8950}}}\\par}";
        assert_eq!(objects(rtf), [vec![1, 5, 0, 0, 2, 0, 0, 0]]);
        assert_eq!(
            pictures(rtf),
            [RtfPicture {
                format: PictureFormat::Png,
                bytes: vec![0x89, 0x50],
            }]
        );
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for rtf in [
            &b"{\\pict"[..],
            b"{\\pict\\bin999999999 ab",
            b"}}}}{\\pict\\pngblip ab}",
            b"{\\pict\\'",
            b"\\",
            b"{\\*",
            b"{\\nonshppict{\\pict 00}",
        ] {
            let _ = pictures(rtf);
            let _ = objects(rtf);
        }
        let deep = [b'{'; 5000];
        assert!(pictures(&deep).is_empty());
    }
}
