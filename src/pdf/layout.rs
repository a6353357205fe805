//! Page geometry, pagination and drawing.
//!
//! Everything is laid out first into a flat list of items (text lines, field rows, pictures,
//! gaps), then split into pages, and only then drawn: the page count must be known before the
//! first "Sida 1 av N" can be printed.

use krilla::Document;
use krilla::color::luma;
use krilla::geom::{PathBuilder, Rect};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;

use super::image::Picture;
use super::text::{GlyphBatch, Para, Shaper, Style};
use super::{Block, PdfError, Sheet};

const MM: f32 = 72.0 / 25.4;
const A4_SHORT: f32 = 210.0 * MM;
const A4_LONG: f32 = 297.0 * MM;
/// Wider left margin: printouts are punched and filed (personakt, diarium binders).
const LEFT: f32 = 25.0 * MM;
const RIGHT: f32 = 18.0 * MM;
const TOP: f32 = 18.0 * MM;
const BOTTOM: f32 = 18.0 * MM;

/// Page size and the text width that follows from it.
#[derive(Clone, Copy)]
struct Geom {
    page_w: f32,
    page_h: f32,
    /// Text width between the margins.
    width: f32,
}

impl Geom {
    fn new(landscape: bool) -> Self {
        let (page_w, page_h) = if landscape {
            (A4_LONG, A4_SHORT)
        } else {
            (A4_SHORT, A4_LONG)
        };
        Self {
            page_w,
            page_h,
            width: page_w - LEFT - RIGHT,
        }
    }

    fn body_bottom(self) -> f32 {
        self.page_h - BOTTOM - footer_height() - 14.0
    }
}
/// Label column of label/value rows.
const LABEL_W: f32 = 120.0;
const LABEL_GAP: f32 = 10.0;

const TITLE: Style = Style::new(16.0, true).leading(1.25);
const HEADING: Style = Style::new(12.0, true).leading(1.3);
const BODY: Style = Style::new(10.5, false).leading(1.4).auto_direction();
const LABEL: Style = Style::new(10.0, true).leading(1.35);
const VALUE: Style = Style::new(10.0, false).leading(1.35);
const CAPTION: Style = Style::new(9.0, false).leading(1.3);
const HEADER_STRONG: Style = Style::new(10.0, true).leading(1.3);
const HEADER: Style = Style::new(9.5, false).leading(1.3);
const PERSON: Style = Style::new(10.5, true).leading(1.3);
const SECRECY: Style = Style::new(9.5, true).leading(1.3);
const FOOTER: Style = Style::new(8.5, false).leading(1.3);
const SUBHEADING: Style = Style::new(9.5, true).leading(1.3);
const CELL: Style = Style::new(9.0, false).leading(1.3);
const CELL_HEAD: Style = Style::new(9.0, true).leading(1.3);
/// Padding above and below the text of a table cell, and between columns.
const CELL_PAD: f32 = 3.0;
const CELL_GAP: f32 = 8.0;
/// Height of the empty framed box left for a handwritten value.
const FILL_IN_H: f32 = 22.0;
const FILL_IN_W: f32 = 170.0;

/// Grey of header and footer text: clearly secondary to the content, still crisp on a
/// monochrome office printer.
const GREY_TEXT: u8 = 60;
const GREY_RULE: u8 = 110;

/// One line of text placed at a horizontal offset from the left margin.
struct Piece {
    para: usize,
    line: usize,
    x: f32,
}

enum Kind {
    /// Vertical space; dropped at the top of a page.
    Gap,
    /// Text lines side by side (a label/value row, or one line of text).
    Row(Vec<Piece>),
    Picture {
        index: usize,
        width: f32,
        /// Drawn in a thin frame (a rendered page, whose white edge would otherwise vanish).
        framed: bool,
    },
    /// A thin horizontal rule across the text width, at the top of the item.
    Rule,
    /// The fidelity warning on page 1: a framed box with the paragraph, drawn bold.
    Notice { para: usize },
    /// A label with an empty framed box beside it, for a value written in by hand.
    FillIn { label: usize },
    /// One table row: per cell its x offset and paragraphs; `header` draws a stronger rule.
    TableRow {
        cells: Vec<(f32, Vec<usize>)>,
        header: bool,
    },
}

struct Item {
    kind: Kind,
    height: f32,
    /// Must not be separated from the next non-gap item (headings, pictures and captions).
    keep_with_next: bool,
    /// For a table row: the header row's item, drawn again when this row starts a page.
    repeat_header: Option<usize>,
}

/// Shaped content of a whole sheet, before pagination.
struct Flow {
    paras: Vec<Para>,
    pictures: Vec<Picture>,
    items: Vec<Item>,
}

impl Flow {
    fn gap(&mut self, height: f32) {
        self.push(Kind::Gap, height, false);
    }

    fn push(&mut self, kind: Kind, height: f32, keep_with_next: bool) {
        self.items.push(Item {
            kind,
            height,
            keep_with_next,
            repeat_header: None,
        });
    }

    /// Adds paragraphs of one style as consecutive lines.
    fn lines(&mut self, paras: Vec<Para>, x: f32, keep_with_next: bool) {
        for para in paras {
            let index = self.paras.len();
            for (line, lb) in para.lines().iter().enumerate() {
                self.push(
                    Kind::Row(vec![Piece {
                        para: index,
                        line,
                        x,
                    }]),
                    lb.height,
                    keep_with_next,
                );
            }
            self.paras.push(para);
        }
    }

    /// Adds label/value rows with aligned lines; long values wrap within their column and may
    /// continue on the next page line by line.
    /// A picture with its caption below: as large as fits (`full`: the whole text width, for a
    /// screenshot, which is the document itself) within one page of body height `body_h`.
    fn picture(
        &mut self,
        shaper: &mut Shaper,
        picture: Picture,
        caption: &str,
        full: bool,
        width: f32,
        body_h: f32,
    ) {
        let captions = shaper.paras(caption, CAPTION, width);
        let first_caption = captions
            .first()
            .and_then(|p| p.lines().first().map(|l| l.height))
            .unwrap_or(0.0);
        let max_h = body_h - first_caption - 4.0;
        let (w, h) = if full {
            picture.fill(width, max_h)
        } else {
            picture.fit(width, max_h)
        };
        self.gap(8.0);
        self.push(
            Kind::Picture {
                index: self.pictures.len(),
                width: w,
                framed: false,
            },
            h,
            true,
        );
        self.pictures.push(picture);
        self.gap(3.0);
        self.lines(captions, 0.0, false);
        self.gap(6.0);
    }

    fn fields(
        &mut self,
        shaper: &mut Shaper,
        rows: &[(String, String)],
        fill_in: &[String],
        width: f32,
    ) {
        for (n, (label, value)) in rows.iter().enumerate() {
            if n > 0 {
                self.gap(2.5);
            }
            let label = shaper.para(&one_line(label), LABEL, LABEL_W - LABEL_GAP);
            if value.trim().is_empty() && fill_in.iter().any(|f| f == &rows[n].0) {
                self.paras.push(label);
                self.push(
                    Kind::FillIn {
                        label: self.paras.len() - 1,
                    },
                    FILL_IN_H,
                    false,
                );
                continue;
            }
            let values = shaper.paras(value, VALUE, width - LABEL_W);
            let label_lines = label.lines().to_vec();
            let label_index = self.paras.len();
            self.paras.push(label);
            let mut value_lines = Vec::new();
            for para in values {
                let index = self.paras.len();
                value_lines.extend(
                    para.lines()
                        .iter()
                        .enumerate()
                        .map(|(line, lb)| (index, line, lb.height)),
                );
                self.paras.push(para);
            }
            let count = label_lines.len().max(value_lines.len());
            for k in 0..count {
                let mut pieces = Vec::new();
                let mut height: f32 = 0.0;
                if let Some(lb) = label_lines.get(k) {
                    pieces.push(Piece {
                        para: label_index,
                        line: k,
                        x: 0.0,
                    });
                    height = height.max(lb.height);
                }
                if let Some(&(para, line, h)) = value_lines.get(k) {
                    pieces.push(Piece {
                        para,
                        line,
                        x: LABEL_W,
                    });
                    height = height.max(h);
                }
                // Keep a label with the first line of its value.
                self.push(Kind::Row(pieces), height, k == 0 && count > 1);
            }
        }
    }

    /// Adds a table: the header row, then one item per row, each row remembering the header
    /// so pagination can repeat it on every page.
    fn table(&mut self, shaper: &mut Shaper, table: &super::Table, width: f32) {
        let columns = table.columns.len();
        if columns == 0 {
            return;
        }
        let total: f32 = table
            .columns
            .iter()
            .map(|(_, w)| if w.is_finite() && *w > 0.0 { *w } else { 1.0 })
            .sum();
        let gaps = CELL_GAP * (columns - 1) as f32;
        let mut xs = Vec::with_capacity(columns);
        let mut x = 0.0;
        for (_, w) in &table.columns {
            let w = if w.is_finite() && *w > 0.0 { *w } else { 1.0 };
            let cw = ((width - gaps) * w / total).max(1.0);
            xs.push((x, cw));
            x += cw + CELL_GAP;
        }
        let header_cells: Vec<String> = table.columns.iter().map(|(t, _)| t.clone()).collect();
        let header = self.items.len();
        self.table_row(shaper, &header_cells, &xs, true);
        if let Some(item) = self.items.last_mut() {
            item.keep_with_next = !table.rows.is_empty();
        }
        for row in &table.rows {
            self.table_row(shaper, row, &xs, false);
            if let Some(item) = self.items.last_mut() {
                item.repeat_header = Some(header);
            }
        }
    }

    fn table_row(
        &mut self,
        shaper: &mut Shaper,
        cells: &[String],
        xs: &[(f32, f32)],
        header: bool,
    ) {
        let style = if header { CELL_HEAD } else { CELL };
        let mut placed = Vec::with_capacity(xs.len());
        let mut height: f32 = style.line_height();
        for (n, &(x, w)) in xs.iter().enumerate() {
            let text = cells.get(n).map_or("", String::as_str);
            let mut paras = Vec::new();
            let mut h = 0.0;
            for para in shaper.paras(text, style, w) {
                h += para.height(usize::MAX);
                paras.push(self.paras.len());
                self.paras.push(para);
            }
            height = height.max(h);
            placed.push((x, paras));
        }
        self.push(
            Kind::TableRow {
                cells: placed,
                header,
            },
            height + 2.0 * CELL_PAD,
            false,
        );
    }
}

/// Header content, identical on every page.
struct Header {
    organisation: usize,
    designation: usize,
    unit: usize,
    person: Option<usize>,
    secrecy: Option<usize>,
    /// From the top margin to the top of the body.
    height: f32,
}

/// Laid-out pages: item indices per page.
pub(crate) struct Pages {
    /// What the content's fonts could not draw (printed on page 1 when not empty).
    pub(crate) unprintable: super::Unprintable,
    /// The keys of attached pictures printed as their note because they could not be decoded.
    pub(crate) undrawn: Vec<String>,
    geom: Geom,
    shaper: Shaper,
    flow: Flow,
    header: Header,
    footer_title: usize,
    pages: Vec<Vec<(usize, f32)>>,
}

const SECRECY_PAD: f32 = 5.0;
/// Header texts are short by nature; capping each at three lines guarantees that absurd input
/// (a whole letter as secrecy marking) cannot push the header over the page. The footer title
/// is capped at one line for the same reason.
const HEADER_LINES: usize = 3;

impl Pages {
    /// Shapes and paginates a sheet.
    pub(crate) fn layout(sheet: &Sheet) -> Result<Self, PdfError> {
        let mut shaper = Shaper::new()?;
        let mut undrawn = Vec::new();
        let geom = Geom::new(sheet.landscape);
        let width = geom.width;
        let mut flow = Flow {
            paras: Vec::new(),
            pictures: Vec::new(),
            items: Vec::new(),
        };

        let header = layout_header(&mut shaper, &mut flow, sheet, width);
        let footer_title = flow.paras.len();
        let footer = shaper.para(&one_line(&sheet.title), FOOTER, width * 0.6 - 12.0);
        flow.paras.push(footer);

        // Page 1: title and facts.
        let title = shaper.paras(&sheet.title, TITLE, width);
        flow.lines(title, 0.0, false);
        // Replaced by the fidelity warning once all content is shaped, if anything was lost.
        let notice_at = flow.items.len();
        flow.gap(0.0);
        if !sheet.facts.is_empty() {
            flow.gap(8.0);
            flow.fields(&mut shaper, &sheet.facts, &sheet.fill_in, width);
        }
        let body_h = geom.body_bottom() - body_top(&header);
        for (n, block) in sheet.blocks.iter().enumerate() {
            match block {
                Block::Heading(text) => {
                    flow.gap(16.0);
                    let paras = shaper.paras(text, HEADING, width);
                    flow.lines(paras, 0.0, true);
                    flow.gap(4.0);
                }
                Block::Subheading(text) => {
                    flow.gap(10.0);
                    flow.push(Kind::Rule, 4.0, true);
                    let paras = shaper.paras(text, SUBHEADING, width);
                    flow.lines(paras, 0.0, true);
                    flow.gap(2.0);
                }
                Block::Fields(rows) => {
                    flow.gap(4.0);
                    flow.fields(&mut shaper, rows, &[], width);
                }
                Block::Text(text) => {
                    flow.gap(10.0);
                    let paras = shaper.paras(text, BODY, width);
                    flow.lines(paras, 0.0, false);
                }
                Block::Table(table) => {
                    flow.gap(8.0);
                    flow.table(&mut shaper, table, width);
                }
                Block::Image { bytes, caption } | Block::Screenshot { bytes, caption } => {
                    let full = matches!(block, Block::Screenshot { .. });
                    let picture = Picture::decode(bytes).map_err(|reason| PdfError::Image {
                        number: n + 1,
                        caption: caption.clone(),
                        reason,
                    })?;
                    flow.picture(&mut shaper, picture, caption, full, width, body_h);
                }
                Block::AttachedImage {
                    bytes,
                    caption,
                    unreadable,
                    key,
                } => match Picture::decode(bytes) {
                    Ok(picture) => {
                        flow.picture(&mut shaper, picture, caption, false, width, body_h)
                    }
                    Err(reason) => {
                        // The block's number, not its caption: a file name is content.
                        tracing::warn!(block = n + 1, %reason, "attached picture not drawn");
                        undrawn.push(key.clone());
                        flow.gap(10.0);
                        let paras = shaper.paras(unreadable, BODY, width);
                        flow.lines(paras, 0.0, false);
                    }
                },
                Block::AttachedPage { page, caption } => {
                    let picture = Picture::from_page(page).map_err(|reason| PdfError::Image {
                        number: n + 1,
                        caption: caption.clone(),
                        reason,
                    })?;
                    let captions = shaper.paras(caption, CAPTION, width);
                    let caption_h: f32 = captions.iter().map(|p| p.height(usize::MAX)).sum();
                    // Caption, gap and frame must fit on one page with the picture.
                    let max_h = (body_h - caption_h - 4.0).max(1.0);
                    let (w, h) = picture.fit(width - 1.0, max_h - 1.0);
                    flow.gap(10.0);
                    flow.lines(captions, 0.0, true);
                    flow.gap(3.0);
                    flow.push(
                        Kind::Picture {
                            index: flow.pictures.len(),
                            width: w,
                            framed: true,
                        },
                        h,
                        false,
                    );
                    flow.pictures.push(picture);
                    flow.gap(6.0);
                }
            }
        }

        if !shaper.unprintable.is_empty() {
            let notice = shaper.unprintable.notice_sv();
            let para = shaper.para(&notice, SECRECY, width - 2.0 * SECRECY_PAD - 2.0);
            let height = para.height(usize::MAX) + 2.0 * SECRECY_PAD;
            flow.paras.push(para);
            if let Some(item) = flow.items.get_mut(notice_at) {
                *item = Item {
                    kind: Kind::Notice {
                        para: flow.paras.len() - 1,
                    },
                    height: height + 6.0,
                    keep_with_next: false,
                    repeat_header: None,
                };
            }
        }
        let pages = paginate(&flow.items, body_top(&header), geom.body_bottom());
        Ok(Self {
            unprintable: shaper.unprintable.clone(),
            undrawn,
            geom,
            shaper,
            flow,
            header,
            footer_title,
            pages,
        })
    }

    /// Draws all pages into `document`.
    pub(crate) fn draw(&mut self, document: &mut Document) -> Result<(), PdfError> {
        let total = self.pages.len();
        let size = PageSettings::from_wh(self.geom.page_w, self.geom.page_h)
            .ok_or_else(|| PdfError::Write("invalid page size".to_owned()))?;
        for number in 1..=total {
            let footer_page = self.shaper.para(
                &format!("Sida {number} av {total}"),
                FOOTER.end(),
                self.geom.width * 0.4,
            );
            let mut page = document.start_page_with(size.clone());
            let mut surface = page.surface();
            self.draw_header(&mut surface);
            self.draw_footer(&mut surface, &footer_page);
            set_fill(&mut surface, 0);
            for &(item, top) in self.pages.get(number - 1).into_iter().flatten() {
                self.draw_item(&mut surface, item, top);
            }
            surface.finish();
            page.finish();
        }
        Ok(())
    }

    fn draw_item(&self, surface: &mut Surface<'_>, item: usize, top: f32) {
        let Some(item) = self.flow.items.get(item) else {
            return;
        };
        match &item.kind {
            Kind::Gap => {}
            Kind::Row(pieces) => {
                for piece in pieces {
                    if let Some(para) = self.flow.paras.get(piece.para) {
                        para.draw_line(
                            surface,
                            &self.shaper.fonts,
                            piece.line,
                            LEFT + piece.x,
                            top,
                        );
                    }
                }
            }
            Kind::Picture {
                index,
                width,
                framed,
            } => {
                if let Some(picture) = self.flow.pictures.get(*index) {
                    let x = if *framed { LEFT + 0.5 } else { LEFT };
                    picture.draw(surface, x, top, *width, item.height);
                    if *framed {
                        stroke_rect(surface, x, top, *width, item.height, 0.5, GREY_RULE);
                    }
                }
            }
            Kind::Rule => {
                let right = LEFT + self.geom.width;
                stroke_line(surface, LEFT, top + 1.0, right, top + 1.0, 0.4, GREY_RULE);
            }
            Kind::Notice { para } => {
                if let Some(para) = self.flow.paras.get(*para) {
                    let top = top + 6.0;
                    let box_h = item.height - 6.0;
                    stroke_rect(surface, LEFT, top, self.geom.width, box_h, 1.5, 0);
                    let left = LEFT + SECRECY_PAD + 1.0;
                    draw_para(
                        surface,
                        &self.shaper,
                        para,
                        left,
                        top + SECRECY_PAD,
                        usize::MAX,
                    );
                }
            }
            Kind::FillIn { label } => {
                if let Some(para) = self.flow.paras.get(*label) {
                    let y = top + (FILL_IN_H - para.height(1)) / 2.0;
                    para.draw_line(surface, &self.shaper.fonts, 0, LEFT, y);
                }
                stroke_rect(surface, LEFT + LABEL_W, top, FILL_IN_W, FILL_IN_H, 0.8, 0);
            }
            Kind::TableRow { cells, header } => {
                let fonts = &self.shaper.fonts;
                let mut batch = GlyphBatch::default();
                for (x, paras) in cells {
                    let mut y = top + CELL_PAD;
                    for para in paras.iter().filter_map(|&index| self.flow.paras.get(index)) {
                        for (index, line) in para.lines().iter().enumerate() {
                            batch.line(surface, fonts, para, index, LEFT + x, y);
                            y += line.height;
                        }
                    }
                }
                batch.flush(surface, fonts);
                let bottom = top + item.height;
                let right = LEFT + self.geom.width;
                if *header {
                    stroke_line(surface, LEFT, top, right, top, 0.8, 0);
                    stroke_line(surface, LEFT, bottom, right, bottom, 0.8, 0);
                } else {
                    stroke_line(surface, LEFT, bottom, right, bottom, 0.3, GREY_RULE);
                }
            }
        }
    }

    fn draw_para(&self, surface: &mut Surface<'_>, para: usize, left: f32, top: f32) -> f32 {
        match self.flow.paras.get(para) {
            Some(para) => draw_para(surface, &self.shaper, para, left, top, HEADER_LINES),
            None => 0.0,
        }
    }

    fn draw_header(&self, surface: &mut Surface<'_>) {
        let h = &self.header;
        set_fill(surface, GREY_TEXT);
        let org_h = self.draw_para(surface, h.organisation, LEFT, TOP);
        let width = self.geom.width;
        let des_h = self.draw_para(surface, h.designation, LEFT + width * 0.6, TOP);
        let mut y = TOP + org_h.max(des_h);
        y += self.draw_para(surface, h.unit, LEFT, y);
        set_fill(surface, 0);
        if let Some(person) = h.person {
            y += 3.0;
            y += self.draw_para(surface, person, LEFT, y);
        }
        if let Some(secrecy) = h.secrecy {
            y += 6.0;
            let text_h = self
                .flow
                .paras
                .get(secrecy)
                .map_or(0.0, |p| p.height(HEADER_LINES));
            let box_h = text_h + 2.0 * SECRECY_PAD;
            stroke_rect(surface, LEFT, y, width, box_h, 0.9, 0);
            self.draw_para(surface, secrecy, LEFT + SECRECY_PAD + 1.0, y + SECRECY_PAD);
        }
        let rule = TOP + h.height - 12.0;
        stroke_line(surface, LEFT, rule, LEFT + width, rule, 0.6, GREY_RULE);
    }

    fn draw_footer(&self, surface: &mut Surface<'_>, page_number: &Para) {
        let width = self.geom.width;
        let top = self.geom.page_h - BOTTOM - footer_height();
        stroke_line(
            surface,
            LEFT,
            top - 4.0,
            LEFT + width,
            top - 4.0,
            0.6,
            GREY_RULE,
        );
        set_fill(surface, GREY_TEXT);
        if let Some(title) = self.flow.paras.get(self.footer_title) {
            draw_para(surface, &self.shaper, title, LEFT, top, 1);
        }
        draw_para(
            surface,
            &self.shaper,
            page_number,
            LEFT + width * 0.6,
            top,
            1,
        );
    }
}

fn layout_header(shaper: &mut Shaper, flow: &mut Flow, sheet: &Sheet, width: f32) -> Header {
    let mut push = |para: Para| {
        flow.paras.push(para);
        flow.paras.len() - 1
    };
    let organisation = shaper.para(
        &one_line(&sheet.organisation),
        HEADER_STRONG,
        width * 0.6 - 12.0,
    );
    let designation = shaper.para(
        &one_line(&sheet.designation),
        HEADER_STRONG.end(),
        width * 0.4,
    );
    let unit = shaper.para(&one_line(&sheet.unit), HEADER, width);
    let mut height = organisation
        .height(HEADER_LINES)
        .max(designation.height(HEADER_LINES))
        + unit.height(HEADER_LINES);
    let organisation = push(organisation);
    let designation = push(designation);
    let unit = push(unit);
    let person = sheet.running_header.as_deref().map(|text| {
        let para = shaper.para(&one_line(text), PERSON, width);
        height += 3.0 + para.height(HEADER_LINES);
        push(para)
    });
    let secrecy = sheet.secrecy.as_deref().map(|text| {
        let para = shaper.para(&one_line(text), SECRECY, width - 2.0 * SECRECY_PAD - 2.0);
        height += 6.0 + para.height(HEADER_LINES) + 2.0 * SECRECY_PAD;
        push(para)
    });
    Header {
        organisation,
        designation,
        unit,
        person,
        secrecy,
        // Rule 8 pt below the content, body 12 pt below the rule.
        height: height + 20.0,
    }
}

fn footer_height() -> f32 {
    FOOTER.line_height()
}

fn body_top(header: &Header) -> f32 {
    TOP + header.height
}

/// Places items on pages: returns, per page, the item indices with their top y.
fn paginate(items: &[Item], top: f32, bottom: f32) -> Vec<Vec<(usize, f32)>> {
    let body = bottom - top;
    let mut pages: Vec<Vec<(usize, f32)>> = vec![Vec::new()];
    let mut y = top;
    for (i, item) in items.iter().enumerate() {
        let empty = pages.last().is_none_or(Vec::is_empty);
        if matches!(item.kind, Kind::Gap) {
            if !empty {
                y += item.height;
            }
            continue;
        }
        let needed = chain_height(items, i);
        let breaks =
            !empty && ((needed <= body && y + needed > bottom) || y + item.height > bottom + 0.01);
        if breaks {
            pages.push(Vec::new());
            y = top;
            if let Some(header) = item.repeat_header
                && let (Some(page), Some(h)) = (pages.last_mut(), items.get(header))
            {
                page.push((header, y));
                y += h.height;
            }
        }
        if let Some(page) = pages.last_mut() {
            page.push((i, y));
        }
        y += item.height;
    }
    pages
}

/// Height of an item plus everything it must stay on the page with.
fn chain_height(items: &[Item], start: usize) -> f32 {
    let mut height = 0.0;
    let mut i = start;
    while let Some(item) = items.get(i) {
        height += item.height;
        if !item.keep_with_next {
            break;
        }
        i += 1;
        // Gaps in a chain count, but do not end it.
        while let Some(gap) = items.get(i).filter(|it| matches!(it.kind, Kind::Gap)) {
            height += gap.height;
            i += 1;
        }
    }
    height
}

/// Draws up to `max_lines` lines of a header or footer paragraph; returns the height used.
fn draw_para(
    surface: &mut Surface<'_>,
    shaper: &Shaper,
    para: &Para,
    left: f32,
    top: f32,
    max_lines: usize,
) -> f32 {
    let mut y = top;
    for (index, line) in para.lines().iter().enumerate().take(max_lines) {
        para.draw_line(surface, &shaper.fonts, index, left, y);
        y += line.height;
    }
    y - top
}

/// Header and footer fields are single lines: line breaks inside them become spaces.
fn one_line(text: &str) -> String {
    text.split(['\r', '\n'])
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn set_fill(surface: &mut Surface<'_>, grey: u8) {
    surface.set_fill(Some(Fill {
        paint: luma::Color::new(grey).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }));
}

fn set_stroke(surface: &mut Surface<'_>, width: f32, grey: u8) {
    surface.set_stroke(Some(Stroke {
        paint: luma::Color::new(grey).into(),
        width,
        ..Default::default()
    }));
}

fn stroke_line(surface: &mut Surface<'_>, x0: f32, y0: f32, x1: f32, y1: f32, w: f32, grey: u8) {
    let mut pb = PathBuilder::new();
    pb.move_to(x0, y0);
    pb.line_to(x1, y1);
    if let Some(path) = pb.finish() {
        let fill = surface.get_fill().cloned();
        surface.set_fill(None);
        set_stroke(surface, w, grey);
        surface.draw_path(&path);
        surface.set_stroke(None);
        surface.set_fill(fill);
    }
}

fn stroke_rect(surface: &mut Surface<'_>, x: f32, y: f32, w: f32, h: f32, width: f32, grey: u8) {
    let Some(rect) = Rect::from_xywh(x, y, w, h) else {
        return;
    };
    let mut pb = PathBuilder::new();
    pb.push_rect(rect);
    if let Some(path) = pb.finish() {
        let fill = surface.get_fill().cloned();
        surface.set_fill(None);
        set_stroke(surface, width, grey);
        surface.draw_path(&path);
        surface.set_stroke(None);
        surface.set_fill(fill);
    }
}
